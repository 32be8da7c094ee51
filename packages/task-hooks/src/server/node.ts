// Mounting the fetch-style handler on Node's own http server (or Express / Connect, which take the
// same listener): both bodies are streamed (the handler reads the request's with a byte cap, the
// response's SSE included), and the Request's signal aborts when the client goes away, which
// closes its event stream.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TaskError } from '../core/errors';
import { errorResponse } from './responses';

/**
 * The request body as a web stream that reads `incoming` only as fast as it is read. Cancelling it
 * (the handler's byte cap was reached) stops reading without destroying the socket, so the answer
 * still goes out; `writeResponse` then closes the connection, which ends the upload.
 */
function bodyStream(incoming: IncomingMessage): ReadableStream<Uint8Array> {
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      incoming.pause();
      incoming.on('data', (chunk: Uint8Array) => {
        if (cancelled) return;
        controller.enqueue(chunk);
        incoming.pause(); // the next `pull` resumes: one chunk ahead of the reader at most
      });
      incoming.on('end', () => !cancelled && controller.close());
      incoming.on('error', (error) => !cancelled && controller.error(error));
    },
    pull() {
      incoming.resume();
    },
    cancel() {
      cancelled = true;
      incoming.pause();
    },
  });
}

/**
 * The routes read only the path and query: a Host that is empty (legal, RFC 9112 3.2) or not a host
 * at all must not cost the answer. Throws only for a request target that is no URL.
 */
function requestUrl(incoming: IncomingMessage & { originalUrl?: string; baseUrl?: string }): URL {
  // Mounted with a path (`app.use('/api/tasks', listener)`), Express and Connect strip it from
  // `url`; the handler routes on the whole (its basePath). Express keeps the stripped part in
  // `baseUrl`, and `originalUrl` is the URL before any rewrite the app made to `url`, so it is
  // read only under Connect, which has no `baseUrl`.
  const { baseUrl, originalUrl, url } = incoming;
  const target = typeof baseUrl === 'string' ? baseUrl + (url ?? '') : (originalUrl ?? url ?? '/');
  try {
    return new URL(target, `http://${incoming.headers.host || 'localhost'}`);
  } catch {
    return new URL(target, 'http://localhost');
  }
}

/**
 * The body a parser mounted before the listener made of the request (Express's `json()`, `text()`
 * or `raw()`), which has read the stream to its end: waiting for that stream would hang. As JSON
 * again when it was parsed; the handler checks it as it would the bytes.
 */
function alreadyReadBody(incoming: IncomingMessage & { body?: unknown }): string | Uint8Array {
  const { body } = incoming;
  if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) return body ?? '';
  return JSON.stringify(body);
}

function toRequest(incoming: IncomingMessage, signal: AbortSignal): Request {
  const hasBody = incoming.method !== 'GET' && incoming.method !== 'HEAD';
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  return new Request(requestUrl(incoming), {
    method: incoming.method ?? 'GET',
    headers,
    // Not buffered here: the handler reads no more than its `maxBodyBytes`.
    body: !hasBody ? undefined : incoming.readableEnded ? alreadyReadBody(incoming) : bodyStream(incoming),
    // Node's fetch requires this for a streamed body.
    duplex: 'half',
    signal,
  } as RequestInit);
}

/**
 * Waits until `outgoing` takes writes again; rejects once its client is gone (`gone` aborts).
 * Listeners of its own rather than `node:events`' `once`: the server entry imports no Node module
 * at run time, so that `createTaskHttpHandler` also bundles for edge runtimes.
 */
function drained(outgoing: ServerResponse, gone: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      outgoing.off('drain', onDrain);
      gone.removeEventListener('abort', onGone);
    };
    const onDrain = () => {
      stop();
      resolve();
    };
    const onGone = () => {
      stop();
      reject(new Error('The client is gone'));
    };
    if (gone.aborted) return onGone();
    outgoing.on('drain', onDrain);
    gone.addEventListener('abort', onGone);
  });
}

async function writeResponse(response: Response, incoming: IncomingMessage, outgoing: ServerResponse, gone: AbortSignal): Promise<void> {
  // Answered before the body was read to its end (refused for its size): this connection cannot
  // carry another request, so say so and close it after the answer.
  const headers: Record<string, string | string[]> = Object.fromEntries(response.headers);
  // Set-Cookie is the one header never folded into one line (RFC 6265 §3): an object keeps only
  // the last of them, and a session split over several cookies (Supabase's SSR helpers) broke.
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 1) headers['set-cookie'] = cookies;
  if (!incoming.complete) headers.connection = 'close';
  outgoing.writeHead(response.status, headers);
  if (!response.body) return void outgoing.end();
  const reader = response.body.getReader();
  outgoing.on('close', () => void reader.cancel().catch(() => undefined));
  // A body that fails (an event stream ending a client that stopped reading) ends the connection,
  // also while the loop below waits for the client to drain what was written.
  reader.closed.catch(() => outgoing.destroy());
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // Only as fast as the client takes it: written regardless, the events of a stream whose client
    // stopped reading (a frozen tab) would pile up here for as long as its socket stays open. Held
    // back, they pile up in the stream, which ends itself when they pass a bound and stay unread
    // (see sse-response.ts).
    // Rejects once the client is gone (`gone`), and the listener destroys what is left. A wrapper
    // of `write` (middleware) may return nothing: then the socket's own `writableNeedDrain` says
    // whether to wait (waiting on the missing answer would hang; ignoring it, the frames of a
    // client that stopped reading piled up in the socket, where the stream's bound never saw them).
    // Its `false` is kept when it gives one: a wrapper that buffers (compression) re-routes `drain`.
    const accepted = outgoing.write(value);
    if (accepted === false || (accepted !== true && outgoing.writableNeedDrain)) await drained(outgoing, gone);
  }
  outgoing.end();
}

/**
 * A `(req, res)` listener for `node:http` (or Express) that answers with a fetch-style handler
 * such as `createTaskHttpHandler(…)`.
 * @example
 * import { createServer } from 'node:http';
 * createServer(createNodeListener(createTaskHttpHandler({ basePath: '/api/tasks', getSource }))).listen(3000);
 */
export function createNodeListener(handler: (request: Request) => Promise<Response>): (incoming: IncomingMessage, outgoing: ServerResponse) => void {
  return (incoming, outgoing) => {
    const controller = new AbortController();
    outgoing.on('close', () => controller.abort());
    void Promise.resolve()
      .then(() => {
        let request: Request;
        try {
          request = toRequest(incoming, controller.signal);
        } catch {
          return errorResponse(new TaskError('invalid_id', 'The request target is not a URL'));
        }
        return handler(request);
      })
      .then((response) => writeResponse(response, incoming, outgoing, controller.signal))
      .catch(() => outgoing.destroy());
  };
}
