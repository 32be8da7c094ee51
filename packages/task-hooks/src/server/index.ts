export { createTaskHttpHandler, type TaskHttpHandler, type TaskHttpHandlerOptions } from './handler';
export { createNodeListener } from './node';
// For a server-side source of your own (the Next example's database source): the contract's one
// rule for `listTasks({ limit })`, which every built-in source and the HTTP routes follow.
export { MAX_LIST_LIMIT, checkListLimit } from '../sources/list-limit';
// For the same source: the nesting the handler accepts in a body, so that a payload given to the
// source directly (not through the handler) is held to the same limit.
export { MAX_BODY_DEPTH } from './body-depth';
// For a server-rendered page of your own: the handler's line between a temporary failure (503) and
// a permanent one (500), so that the page tells them apart the same way.
export { isTransientFailure, isTransientSqlstate } from './transient';
