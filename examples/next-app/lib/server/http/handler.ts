import { TaskError, type TaskErrorKind, type TaskSource } from '@unstuck/task-hooks/core';
import { taskEventStream } from './sse';

/*
 * A minimal local stand-in for `createTaskHttpHandler` of `@unstuck/task-hooks/server`, serving
 * the HTTP + SSE routes of docs/CONTRACT.md from a server-side TaskSource. Same options, so the
 * route can switch to the package's handler by changing one import.
 */
export interface TaskHttpHandlerOptions {
  /** The caller's source, or null when nobody is signed in (answered with 401). */
  getSource(request: Request): TaskSource | null | Promise<TaskSource | null>;
  /** Where the routes are mounted, e.g. `/api/tasks`. */
  basePath: string;
}

const STATUS: Record<TaskErrorKind, number> = {
  invalid_id: 400,
  unknown_type: 400,
  payload_too_large: 400,
  unauthorized: 401,
  not_found: 404,
  illegal_state: 409,
  network: 502,
  protocol: 400,
  server: 500,
};

/**
 * Recognises a TaskError by shape, not `instanceof`: the bundler may load the package's chunk more
 * than once (server component graph and route graph), and each copy has its own class.
 */
function isTaskError(error: unknown): error is TaskError {
  return error instanceof Error && error.name === 'TaskError' && typeof (error as TaskError).code === 'string' && (error as TaskError).code in STATUS;
}

const json = (body: unknown, status = 200) =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

function errorResponse(error: unknown): Response {
  const taskError = isTaskError(error) ? error : new TaskError('server', 'Unexpected server error.');
  if (!isTaskError(error)) console.error('[unstuck] handler failed:', error);
  // Server errors keep their cause in the log; the browser gets the code and a plain sentence.
  const message = taskError.code === 'server' ? 'The server could not answer this request.' : taskError.message;
  return json({ error: { code: taskError.code, message } }, STATUS[taskError.code]);
}

async function readBody(request: Request): Promise<{ type: string; payload: unknown }> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new TaskError('protocol', 'The request body must be JSON: {"type": string, "payload"?: object}.');
  }
  const { type, payload } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof type !== 'string' || type.length === 0) {
    throw new TaskError('unknown_type', 'The body needs a "type": the task type to start, e.g. "demo_image".');
  }
  if (payload !== undefined && (typeof payload !== 'object' || payload === null || Array.isArray(payload))) {
    throw new TaskError('protocol', '"payload" must be a JSON object when given.');
  }
  return { type, payload: payload ?? {} };
}

async function route(request: Request, source: TaskSource, parts: string[]): Promise<Response> {
  const url = new URL(request.url);
  const method = request.method;
  const [first, second] = parts;
  if (method === 'GET' && parts.length === 0) {
    const ids = url.searchParams.get('ids');
    const type = url.searchParams.get('type') ?? undefined;
    if (ids !== null) {
      const list = ids.split(',').filter(Boolean);
      const tasks = await source.fetchTasks(list, request.signal);
      return json({ tasks, serverTime: new Date(await source.serverTime()).toISOString() });
    }
    if (type && url.searchParams.get('active') === '1') {
      const task = await source.fetchActiveTask(type, request.signal);
      return json({ task, serverTime: new Date(await source.serverTime()).toISOString() });
    }
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const tasks = await source.listTasks({ type, limit: Number.isFinite(limit) ? limit : 50 }, request.signal);
    return json({ tasks, serverTime: new Date(await source.serverTime()).toISOString() });
  }
  if (method === 'POST' && parts.length === 0) {
    const { type, payload } = await readBody(request);
    const result = await source.submit(type, payload);
    return json(result, result.created ? 201 : 200);
  }
  if (method === 'GET' && parts.length === 1 && first === 'thresholds') return json({ thresholds: await source.fetchThresholds() });
  if (method === 'GET' && parts.length === 1 && first === 'time') return json({ serverTime: new Date(await source.serverTime()).toISOString() });
  if (method === 'GET' && parts.length === 1 && first === 'stream') return taskEventStream(request, source);
  if (parts.length === 2 && first) {
    if (method === 'GET' && second === 'events') return json({ events: await source.fetchEvents(first, request.signal) });
    if (method === 'POST' && second === 'cancel') return json({ task: await source.cancel(first) });
    if (method === 'POST' && second === 'retry') {
      const result = await source.retry(first);
      return json(result, result.created ? 201 : 200);
    }
  }
  return json({ error: { code: 'not_found', message: `No route ${method} ${url.pathname}.` } }, 404);
}

/** Serves every route of the contract under `basePath`; mount it as GET and POST. */
export function createTaskHttpHandler(options: TaskHttpHandlerOptions): (request: Request) => Promise<Response> {
  const base = options.basePath.replace(/\/+$/, '');
  return async (request) => {
    try {
      const path = new URL(request.url).pathname;
      const rest = path.startsWith(base) ? path.slice(base.length) : path;
      const parts = rest.split('/').filter(Boolean).map(decodeURIComponent);
      const source = await options.getSource(request);
      if (!source) throw new TaskError('unauthorized', 'No demo user: the identity cookie is missing. Reload the page.');
      return await route(request, source, parts);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
