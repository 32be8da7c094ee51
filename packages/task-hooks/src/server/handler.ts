// `createTaskHttpHandler`: the whole HTTP + SSE contract (docs/CONTRACT.md) as one
// `(Request) => Promise<Response>`, answered by calling a server-side TaskSource for the caller.
// Framework-free: mount it in a Next route handler, a Hono/Express adapter, or a plain node server.
import { isTaskId, TaskError } from '../core/errors';
import { checkListLimit } from '../sources/list-limit';
import type { TaskSource } from '../sources/source';
import { numberOption } from '../sources/number-option';
import { assertBodyDepth } from './body-depth';
import { badRequest, errorResponse, json } from './responses';
import { allowedMethods } from './routes';
import { sseResponse } from './sse-response';
import { TaskStream } from './task-stream';
import { timerOption } from './timer-option';

/**
 * Options of {@link createTaskHttpHandler}. A numeric option that is not a finite number, or is
 * below 0 (below 1 for `pingIntervalMs` and `maxBodyBytes`), gets its default; so does a time
 * (`…Ms`) of 2 ** 31 ms or more, which a timer cannot keep.
 */
export interface TaskHttpHandlerOptions {
  /**
   * The TaskSource acting for the caller of `request` (read its session, cookie or token), or null
   * when no one is signed in (answered 401). Return the same object for the same user, or set
   * `streamKey`, so that a reconnecting stream finds its replay buffer.
   */
  getSource(request: Request): Promise<TaskSource | null>;
  /** The path the contract is mounted at, e.g. `/api/tasks`. */
  basePath: string;
  /** Groups streams of the same user. @default the TaskSource object returned by getSource */
  streamKey?: (request: Request, source: TaskSource) => string | Promise<string>;
  /**
   * Interval of the `: ping` comment on open streams. Keep it well under 35 s: the HTTP source takes
   * a stream silent that long at a wake-up for dead, and reconnects. @default 15000
   */
  pingIntervalMs?: number;
  /** Events kept per user for Last-Event-ID replay. @default 256 */
  replayBufferSize?: number;
  /** How long a user's upstream subscription stays open after their last stream closed. @default 60000 */
  lingerMs?: number;
  /**
   * How long a user's new upstream subscription may stay `connecting` before their streams are
   * told it is down (and poll). Until then they count as live, and read everything once it joins.
   * @default 3000
   */
  upstreamGraceMs?: number;
  /** The reconnect delay advised to stream clients (`retry:`; EventSource and the http source's fetch reader obey it). @default 2000 */
  retryMs?: number;
  /**
   * Largest accepted request body. @default 1048576
   *
   * Its nesting is limited too, by no option: a body with a field (the submitted `payload`
   * included) nested deeper than 256 levels is answered 400 `invalid_id` before the source is
   * called, so that a source writing it with JSON.stringify or a database driver cannot run out
   * of stack; so is a number that parsed to ±Infinity (`1e400`), which JSON.stringify would write
   * as null (see body-depth.ts).
   */
  maxBodyBytes?: number;
}

/** What {@link createTaskHttpHandler} returns: a fetch-style handler with `close()`. */
export interface TaskHttpHandler {
  (request: Request): Promise<Response>;
  /**
   * For shutdown (and tests): closes every upstream subscription and ends the open streams, for
   * good. Streams asked for afterwards are answered 503 with Retry-After and `Connection: close`;
   * the other routes are still served. Not for a hot reload that goes on serving with this handler:
   * its streams would be refused from then on.
   */
  close(): void;
}

const MAX_IDS = 100;

/**
 * The body as text, read no further than `maxBytes`: counted while it arrives, so a client that
 * sends more (or never stops, with no Content-Length) cannot make the server hold it all.
 */
async function readCapped(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      void reader.cancel().catch(() => undefined);
      badRequest('payload_too_large', `The body is over ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  // Fatal: the default decoder puts U+FFFD in place of bytes that are not UTF-8 (a Latin-1 "é"),
  // and the task would run on, and store, text its user never sent.
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    badRequest('invalid_id', 'The body is not UTF-8');
  }
}

async function readJsonBody(request: Request, maxBytes: number): Promise<Record<string, unknown>> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) badRequest('payload_too_large', `The body is over ${maxBytes} bytes`);
  const text = await readCapped(request, maxBytes);
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    badRequest('invalid_id', 'The body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) badRequest('invalid_id', 'The body must be a JSON object');
  assertBodyDepth(body as Record<string, unknown>);
  return body as Record<string, unknown>;
}

/**
 * Every POST must say it is JSON. A cross-site HTML form, or a `no-cors` fetch, can only send
 * `text/plain`, form encodings or no Content-Type at all, and would carry a `SameSite=None` session
 * cookie along: requiring `application/json` makes a browser ask this server first (a CORS
 * preflight), which it does not answer, so another site cannot submit, cancel or retry a user's tasks.
 */
function isJsonContentType(value: string | null): boolean {
  return value?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

function parseIds(raw: string): string[] {
  const ids = raw.split(',').filter((id) => id !== '');
  if (ids.length > MAX_IDS) badRequest('invalid_id', `At most ${MAX_IDS} ids per request, got ${ids.length}`);
  const bad = ids.find((id) => !isTaskId(id));
  if (bad !== undefined) badRequest('invalid_id', `Not a task id: ${JSON.stringify(bad)}`);
  return ids;
}

/** The sources' own limit (1 to 1000), so that a list served over HTTP is the list the source gives. */
function parseLimit(raw: string | null): number {
  return raw === null ? 50 : checkListLimit(/^\d+$/.test(raw) ? Number(raw) : NaN);
}

/** A path segment decoded, or undefined when it is not valid percent-encoding. */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function requireType(value: unknown): string {
  if (typeof value !== 'string' || value === '') badRequest('unknown_type', 'type must be a non-empty string');
  return value;
}

/**
 * Serves the Unstuck HTTP + SSE contract from a server-side TaskSource.
 * @example
 * // app/api/tasks/[[...path]]/route.ts (Next.js)
 * const handler = createTaskHttpHandler({ basePath: '/api/tasks', getSource: async (req) => sourceFor(await userOf(req)) });
 * export const GET = handler;
 * export const POST = handler;
 * export const PUT = handler; // and PATCH, DELETE, OPTIONS: answered 405 with Allow by the handler
 */
export function createTaskHttpHandler(options: TaskHttpHandlerOptions): TaskHttpHandler {
  // '/api/tasks' however it was written ('api/tasks', '/api/tasks/'): a request's path always
  // starts with a slash, so without one nothing would ever match. '' or '/' mounts at the root.
  const basePath = options.basePath.replace(/^\/*/, '/').replace(/\/+$/, '');
  const streams = new Map<unknown, TaskStream>();
  /** Set by close(): no stream opens after it. */
  let closed = false;
  // Each falls back to its default when it is not a usable number (see numberOption).
  const maxBody = numberOption(options.maxBodyBytes, 1_048_576, 1);
  const streamOptions = {
    bufferSize: numberOption(options.replayBufferSize, 256),
    lingerMs: timerOption(options.lingerMs, 60_000),
    upstreamGraceMs: timerOption(options.upstreamGraceMs, 3_000),
  };
  const sseOptions = {
    pingIntervalMs: timerOption(options.pingIntervalMs, 15_000, 1),
    // Advice a client's timer takes (EventSource's reconnect, the http source's fetch reader).
    retryMs: timerOption(options.retryMs, 2_000),
  };

  /** Synchronous: close() must not run between the `closed` check and the stream's opening. */
  const streamFor = (key: unknown, source: TaskSource): TaskStream => {
    let stream = streams.get(key);
    if (!stream) {
      const created = new TaskStream(source, streamOptions, () => {
        if (streams.get(key) === created) streams.delete(key);
      });
      streams.set(key, created);
      stream = created;
    }
    return stream;
  };

  /**
   * A request this handler has no route for: 404, but with the code `protocol`, never `not_found`,
   * which names a missing task. A client whose baseUrl is off (a segment too many) would otherwise
   * tell its user the task is gone, and stop asking for it.
   */
  const noRoute = (request: Request): Response =>
    json({ error: { code: 'protocol', message: `No such route: ${request.method} ${new URL(request.url).pathname} (the task routes are under ${basePath || '/'})` } }, 404);

  /** A route asked with a method it does not serve: 405, with the methods it does (RFC 9110 §15.5.5). */
  const wrongMethod = (request: Request, allowed: readonly string[]): Response => {
    const allow = allowed.join(', ');
    const response = json({ error: { code: 'protocol', message: `${request.method} is not served at ${new URL(request.url).pathname} (it serves ${allow})` } }, 405);
    response.headers.set('allow', allow);
    return response;
  };

  /** The caller's source, or the 401 when no one is signed in. */
  const sourceOf = async (request: Request): Promise<TaskSource> => {
    const source = await options.getSource(request);
    if (!source) throw new TaskError('unauthorized', 'Sign in to see your tasks');
    return source;
  };

  /** Answers a request whose method `allowedMethods` has already accepted for its path. */
  const route = async (request: Request, source: TaskSource, segments: string[]): Promise<Response> => {
    const { method } = request;
    const url = new URL(request.url);
    const signal = request.signal;
    const [first, action] = segments;

    if (first === undefined) {
      if (method === 'POST') {
        const body = await readJsonBody(request, maxBody);
        const result = await source.submit(requireType(body.type), body.payload ?? {});
        return json(result, result.created ? 201 : 200);
      }
      // No `serverTime` in these answers (there was, read from the source on every GET): clients
      // sample `{base}/time` for their clock, and a read should cost one query, not two.
      const ids = url.searchParams.get('ids');
      if (ids !== null) return json({ tasks: await source.fetchTasks(parseIds(ids), signal) });
      const type = url.searchParams.get('type');
      const active = url.searchParams.get('active');
      if (active !== null) {
        // Only `1`: `active=0` read as 1 would answer one task where the caller asked for a list.
        if (active !== '1') badRequest('invalid_id', `active must be 1 (or left out), got ${JSON.stringify(active)}`);
        return json({ task: await source.fetchActiveTask(requireType(type), signal) });
      }
      const listOptions = { limit: parseLimit(url.searchParams.get('limit')), ...(type !== null ? { type: requireType(type) } : {}) };
      return json({ tasks: await source.listTasks(listOptions, signal) });
    }

    if (action === undefined) {
      if (first === 'thresholds') return json({ thresholds: await source.fetchThresholds(signal) });
      if (first === 'time') return json({ serverTime: new Date(await source.serverTime(signal)).toISOString() });
      if (!source.subscribe) return noRoute(request); // `stream`, and this server has no event stream
      // The key first: close() may run while an async streamKey resolves.
      const key = options.streamKey ? await options.streamKey(request, source) : source;
      if (closed) {
        // Shutting down: the clients of the streams close() ended come back within seconds, over
        // their kept-alive connection, and a new stream there would keep the server from ever
        // finishing its close. Come back later (to the next server), on a new connection.
        const response = errorResponse(new TaskError('network', 'The server is shutting down'));
        response.headers.set('connection', 'close');
        return response;
      }
      return sseResponse(request, streamFor(key, source), sseOptions);
    }
    if (!isTaskId(first)) badRequest('invalid_id', `Not a task id: ${JSON.stringify(first)}`);
    if (action === 'events') return json({ events: await source.fetchEvents(first, signal) });
    await readJsonBody(request, maxBody); // `{}` or empty; read so that nothing is left unread
    if (action === 'cancel') return json({ task: await source.cancel(first) });
    const result = await source.retry(first);
    return json(result, result.created ? 201 : 200);
  };

  const handler = (async (request: Request): Promise<Response> => {
    // HEAD as HTTP defines it (RFC 9110 §9.3.2): GET's status and headers without the body (a
    // monitor's or a proxy's health check on /time saw a 404). A stream it opens is closed with
    // its body at once (the user's upstream subscription lingers as after any stream).
    if (request.method === 'HEAD') {
      const response = await handler(new Request(request, { method: 'GET' }));
      await response.body?.cancel().catch(() => undefined);
      return new Response(null, { status: response.status, statusText: response.statusText, headers: response.headers });
    }
    try {
      const { pathname } = new URL(request.url);
      if (pathname !== basePath && !pathname.startsWith(`${basePath}/`)) return noRoute(request);
      const raw = pathname.slice(basePath.length).split('/').filter((segment) => segment !== '');
      // A segment that does not decode is kept as it is: it can only be an id (no route is named
      // so), and the action, not the id, chooses the route, so a wrong method there is 405 and an
      // unknown path 404, as with any other bad id; its 400 comes once the method is right.
      const segments = raw.map((segment) => decodeSegment(segment) ?? segment);
      // From the path alone, before the body's type and the session: what is wrong with the
      // request itself comes first.
      const allowed = allowedMethods(segments);
      if (!allowed) return noRoute(request);
      if (!allowed.includes(request.method)) {
        // `/stream` is a route only if the caller's source can subscribe, which only the source
        // can say: without one, every method there is 404, as GET is (a 405 would offer that
        // GET). So it is answered as GET is, after the session (signed out: 401).
        if (segments.length === 1 && segments[0] === 'stream') {
          if (!(await sourceOf(request)).subscribe) return noRoute(request);
        }
        return wrongMethod(request, allowed);
      }
      if (raw.some((segment) => decodeSegment(segment) === undefined)) badRequest('invalid_id', 'The path is not valid percent-encoding');
      // Before the session is looked at: a request that may come from another site does nothing.
      if (request.method === 'POST' && !isJsonContentType(request.headers.get('content-type'))) {
        return json({ error: { code: 'invalid_id', message: 'A POST must send Content-Type: application/json' } }, 415);
      }
      return await route(request, await sourceOf(request), segments);
    } catch (error) {
      return errorResponse(error);
    }
  }) as TaskHttpHandler;
  handler.close = () => {
    closed = true;
    for (const stream of [...streams.values()]) stream.close();
    streams.clear();
  };
  return handler;
}
