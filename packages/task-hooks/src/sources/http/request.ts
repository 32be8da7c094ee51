// One JSON request to the Unstuck HTTP contract, answered with a value or a TaskError: the body's
// `{error: {code, message}}` when there is one, else a code from the status; no answer → `network`.
import { TaskError, isTaskErrorKind, type TaskErrorKind } from '../../core/errors';
import { jsonText } from '../json-text';

/** Extra request headers: an object, or a (possibly async) function returning one, called for every request. */
export type HeadersInput = Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);

export interface RequestOptions {
  query?: Record<string, string | undefined>;
  body?: Record<string, unknown>;
  signal?: AbortSignal;
  taskId?: string;
}

// Used when the answer names no code of ours, e.g. a proxy's or platform's HTML error page: the
// contract's statuses keep their meaning (409 illegal_state; 413 is what a proxy's body-size limit
// answers), and a rate limit is a transient failure to retry, not a broken server. Not 404: the
// contract names `not_found` itself, so a bare 404 is a route that is not there (a wrong
// `baseUrl`), which as `not_found` would show every task missing and stop its polling.
function kindForStatus(status: number): TaskErrorKind {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 409) return 'illegal_state';
  if (status === 413) return 'payload_too_large';
  if (status === 429 || status >= 500) return 'server';
  return 'protocol';
}

/**
 * The wait a refusal (a 503, a proxy's 429) asks for in its Retry-After, in ms, 0 for none: seconds,
 * as the contract's server sends it, or an HTTP date, as some proxies and CDNs do (one gone by: 0).
 */
export function retryAfterMs(response: Response): number {
  const value = response.headers.get('retry-after') ?? '';
  return Math.max(0, Number(value) * 1000 || Date.parse(value) - (Date.parse(response.headers.get('date')!) || Date.now()) || 0);
}

/**
 * The app's headers with the contract's own (`own`) set over them, whatever case the app wrote
 * its names in: spread into one object, an app's `Content-Type` went out beside our `content-type`,
 * joined into `application/json, application/json`, which the server refuses (415). A plain
 * object, not a `Headers`: an app's fetch wrapper that spreads `init.headers` into its own would
 * spread a `Headers` into nothing and send none of them.
 */
export async function resolveHeaders(headers: HeadersInput | undefined, own: Record<string, string>): Promise<Record<string, string>> {
  // `|| undefined`: a function with nothing to add may answer null, which Headers refuses.
  const merged = new Headers((typeof headers === 'function' ? await headers() : headers) || undefined);
  for (const [name, value] of Object.entries(own)) merged.set(name, value);
  return Object.fromEntries(merged);
}

export function joinUrl(baseUrl: string, path: string, query?: Record<string, string | undefined>): string {
  // A baseUrl may carry a query of its own (a gateway's `?tenant=`): the route's path goes before it.
  const [base = '', baseQuery] = baseUrl.split(/\?(.*)/); // at the first `?` only: one may stand in the query too
  const url = `${base.replace(/\/+$/, '')}${path}`;
  const params = new URLSearchParams(baseQuery);
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, value);
  const search = params.toString();
  return search ? `${url}?${search}` : url;
}

export async function requestJson<T>(
  fetchImpl: typeof fetch,
  baseUrl: string,
  headers: HeadersInput | undefined,
  method: 'GET' | 'POST',
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const details: TaskError['details'] = { ...(options.taskId ? { taskId: options.taskId } : {}) };
  const url = joinUrl(baseUrl, path, options.query);
  const failed = (status: number, cause?: unknown) =>
    new TaskError(kindForStatus(status), status === 404 ? `${url} answered 404: no such route (is baseUrl right?)` : `Request failed with status ${status}`, { ...details, status, cause });
  // Every POST is JSON, `{}` when it has nothing to say: the server refuses any other (see the
  // contract), which keeps other sites' forms from acting for the user.
  const sent = method === 'POST' ? jsonText(options.body ?? {}) : undefined;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method,
      headers: await resolveHeaders(headers, { accept: 'application/json', ...(sent !== undefined ? { 'content-type': 'application/json' } : {}) }),
      body: sent,
      signal: options.signal,
    });
  } catch (error) {
    throw new TaskError('network', error instanceof Error ? error.message : String(error), { ...details, cause: error });
  }
  const waitMs = retryAfterMs(response);
  if (!response.ok && waitMs) details.retryAfterMs = waitMs;
  // Reading the body is still the network's business (the socket can die mid-answer, the signal can
  // abort); only text that arrived whole and does not parse is the server's fault.
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (!response.ok) throw failed(response.status, error);
    throw new TaskError('network', error instanceof Error ? error.message : String(error), { ...details, status: response.status, cause: error });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    if (!response.ok) throw failed(response.status);
    // fetch followed a redirect to a page that is not the API: an auth middleware sending an expired
    // session to its sign-in page, by far the usual reason. The path only: a query may hold tokens.
    // (A fetch wrapper may drop the final URL: then the page goes unnamed.)
    if (response.redirected) {
      const to = response.url ? new URL(response.url).pathname : 'a page';
      throw new TaskError('unauthorized', `Redirected to ${to}, not the API: sign in again`, { ...details, status: response.status, cause: error });
    }
    throw new TaskError('protocol', 'The answer is not JSON', { ...details, status: response.status, cause: error });
  }
  if (!response.ok) {
    const reported = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const code = isTaskErrorKind(reported?.code) ? reported.code : kindForStatus(response.status);
    const message = typeof reported?.message === 'string' ? reported.message : failed(response.status).message;
    throw new TaskError(code, message, { ...details, status: response.status, cause: body });
  }
  return body as T;
}
