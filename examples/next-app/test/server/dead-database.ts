import { connect, createServer, type Server, type Socket } from 'node:net';

// Stand-ins for a database that stopped answering, made of plain TCP: what a hung server, a
// firewall that accepts and drops, or a connection gone half-open looks like to node-postgres.

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

function closer(server: Server, sockets: Set<Socket>): () => Promise<void> {
  return () => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(() => resolve()));
  };
}

/** A server that accepts every connection and never sends a byte. */
export async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.resume(); // reads (and drops) whatever the client sends
  });
  const port = await listen(server);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, close: closer(server, sockets) };
}

/**
 * A TCP proxy to the PostgreSQL at `target`. `freeze()` makes every connection open at that moment
 * go silent for good (bytes either way are dropped, the sockets stay open: a half-open connection);
 * connections opened later pass as before.
 */
export async function freezingProxy(target: string): Promise<{ url: string; freeze(): void; close(): Promise<void> }> {
  const { hostname, port: targetPort, pathname } = new URL(target);
  const sockets = new Set<Socket>();
  const frozen = new WeakSet<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(targetPort), hostname);
    for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
      sockets.add(from);
      from.on('error', () => to.destroy());
      from.on('close', () => to.destroy());
      from.on('data', (chunk) => {
        if (!frozen.has(from)) to.write(chunk);
      });
    }
  });
  const port = await listen(server);
  const url = new URL(target);
  url.port = String(port);
  url.pathname = pathname;
  return {
    url: url.toString(),
    freeze: () => sockets.forEach((socket) => frozen.add(socket)),
    close: closer(server, sockets),
  };
}

/** `promise`, or a rejection saying it still waited after `ms` (so a hang fails the test clearly). */
export async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms: no timeout`)), ms);
  });
  return Promise.race([promise, hung]).finally(() => clearTimeout(timer));
}

/** The rejection of `promise` (fails when it resolves). */
export function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}
