export { createTaskHttpHandler, type TaskHttpHandler, type TaskHttpHandlerOptions } from './handler';
export { createNodeListener } from './node';
