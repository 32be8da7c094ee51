// The stand-in's HTTP + websocket server on 127.0.0.1: /rest/v1 (PostgREST subset), /auth/v1 (GoTrue
// subset) and /realtime/v1/websocket (Realtime subset), plus the fault switches tests flip.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { WebSocketServer } from 'ws';
import { AuthState, handleAuth, type IssuedSession } from './auth';
import { ChangeFeed } from './changes';
import { Faults, RealtimeConnection, type JoinFault } from './realtime';
import { handleRest } from './rest';

export interface StandinOptions {
  /** The PostgreSQL database the stand-in serves (migrations already applied). */
  connectionString: string;
  /** HS256 secret for every token. @default a fixed test secret */
  jwtSecret?: string;
  /** Lifetime of issued access tokens. @default 3600 */
  accessTokenTtlSeconds?: number;
  /** NOTIFY channel carrying row changes. @default 'unstuck_task_changes' */
  notifyChannel?: string;
  /** Table whose changes are streamed. @default 'tasks' */
  table?: string;
}

export interface Standin {
  /** Base URL to give `createClient` (e.g. http://127.0.0.1:41234). */
  readonly url: string;
  readonly anonKey: string;
  readonly serviceKey: string;
  /** A signed-in session for `userId`, to pass to `supabase.auth.setSession`. */
  issueSession(userId: string): IssuedSession;
  /** Counters tests assert on. */
  readonly stats: { joins: number; events: number; refreshes: number; connections: number };
  /** Terminates every realtime websocket (the client sees an abnormal close and reconnects). */
  dropSocket(): void;
  /** The next join is answered with an error reply, or never answered (`timeout`). */
  failNextJoin(kind: JoinFault): void;
  /** Answers every later join only after `ms` (0 turns it off). */
  delayJoin(ms: number): void;
  /** While on, row changes are not delivered (missed events). */
  suppressEvents(on: boolean): void;
  /** Every access token issued so far now counts as expired: joins fail, joined channels close, REST answers 401. */
  expireTokens(): void;
  /** Joined channels get a `postgres_changes` system error (replication failing); they stay joined. Pair with `suppressEvents(true)` for the events it loses. */
  replicationError(): void;
  /** While on, every accepted join is followed at once by a server-side close (system error, then `phx_close`). */
  closeAfterJoin(on: boolean): void;
  stop(): Promise<void>;
}

const DEFAULT_SECRET = 'unstuck-standin-test-secret-at-least-32-characters';

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return null;
  return JSON.parse(text) as unknown;
}

/**
 * CORS, as Supabase answers it, for a browser page served from another origin (the Next example's
 * e2e test runs supabase-js in Chromium): every origin may call, with any request header. Returns
 * true when the request was a preflight and has been answered.
 */
function allowCrossOrigin(request: IncomingMessage, response: ServerResponse): boolean {
  response.setHeader('access-control-allow-origin', '*');
  response.setHeader('access-control-expose-headers', 'content-range, x-supabase-api-version');
  if (request.method !== 'OPTIONS') return false;
  response.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, PATCH, DELETE, OPTIONS',
    'access-control-allow-headers': request.headers['access-control-request-headers'] ?? '*',
    'access-control-max-age': '600',
  }).end();
  return true;
}

function bearerOf(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : null;
}

export async function startStandin(options: StandinOptions): Promise<Standin> {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 8 });
  // An idle pooled connection the server ends (restart, dropped database) is an 'error' on the
  // pool, thrown when nobody listens; the pool drops that client and opens another when needed.
  pool.on('error', () => undefined);
  const auth = new AuthState(options.jwtSecret ?? DEFAULT_SECRET, options.accessTokenTtlSeconds ?? 3600);
  const faults = new Faults();
  const counters = { joins: 0, events: 0, connections: 0 };
  const connections = new Set<RealtimeConnection>();

  const feed = new ChangeFeed({
    connectionString: options.connectionString,
    pool,
    channel: options.notifyChannel ?? 'unstuck_task_changes',
    table: options.table ?? 'tasks',
    onChange(change, id, visibleRow) {
      if (faults.suppressEvents) return;
      for (const connection of connections) void connection.deliver(change, id, visibleRow);
    },
    onLost() {
      faults.replicationLost = true;
      for (const connection of connections) connection.replicationError();
    },
  });
  await feed.start();

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://standin');
    const method = request.method ?? 'GET';
    if (allowCrossOrigin(request, response)) return;
    let body: unknown = null;
    try {
      body = method === 'GET' ? null : await readBody(request);
    } catch {
      response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'PGRST102', message: 'Empty or invalid json', details: null, hint: null }));
      return;
    }
    if (url.pathname.startsWith('/rest/v1/')) {
      const answer = await handleRest(pool, auth, {
        method,
        path: url.pathname.slice('/rest/v1'.length),
        search: url.searchParams,
        bearer: bearerOf(request),
        body,
        accept: request.headers.accept ?? null,
      });
      response.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers }).end(answer.body);
      return;
    }
    if (url.pathname.startsWith('/auth/v1/')) {
      const answer = handleAuth(auth, method, url.pathname.slice('/auth/v1'.length), url.searchParams, bearerOf(request), body);
      if (answer.body === null) response.writeHead(answer.status).end();
      else response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `${url.pathname} is not served by the stand-in` }));
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: String(error) }));
    });
  });
  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://standin').pathname !== '/realtime/v1/websocket') {
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      const connection = RealtimeConnection.open(ws, request, auth, faults, counters);
      if (!connection) return;
      counters.connections += 1;
      connections.add(connection);
      ws.on('close', () => connections.delete(connection));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    anonKey: auth.anonKey,
    serviceKey: auth.serviceKey,
    issueSession: (userId) => auth.issueSession(userId),
    get stats() {
      return { ...counters, refreshes: auth.refreshCount };
    },
    dropSocket() {
      for (const connection of connections) connection.drop();
    },
    failNextJoin(kind) {
      faults.pendingJoinFaults.push(kind);
    },
    delayJoin(ms) {
      faults.joinDelayMs = ms;
    },
    suppressEvents(on) {
      faults.suppressEvents = on;
    },
    expireTokens() {
      auth.expireIssuedTokens();
      for (const connection of connections) connection.recheckTokens();
    },
    closeAfterJoin(on) {
      faults.closeAfterJoin = on;
    },
    replicationError() {
      for (const connection of connections) connection.replicationError();
    },
    async stop() {
      for (const connection of connections) connection.drop();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await feed.stop();
      await pool.end();
    },
  };
}
