export { createTaskHttpHandler, type TaskHttpHandler, type TaskHttpHandlerOptions } from './handler';
