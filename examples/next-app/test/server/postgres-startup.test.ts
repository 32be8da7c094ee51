import { createServer, type Socket } from 'node:net';
import { describe, expect, test, vi } from 'vitest';
import { openPostgresDatabase } from '../../lib/server/db/postgres';
import { rejectionOf, within } from './dead-database';

// PgBouncer (and poolers like it) refuse a connection whose startup message carries a parameter
// they do not know ("unsupported startup parameter"), unless told to ignore it, and ignoring
// statement_timeout would drop the demo's server-side bound without a word. The pool must send
// only what such a pooler handles itself, and set its bounds inside each transaction instead.
const POOLER_KNOWN = new Set(['user', 'database', 'application_name', 'client_encoding', 'DateStyle', 'TimeZone', 'standard_conforming_strings']);

/** The parameters of a PostgreSQL startup message: length, protocol version, then key\0value\0 pairs. */
function startupParameters(message: Buffer): Record<string, string> {
  const fields = message.subarray(8, message.readInt32BE(0)).toString('utf8').split('\0');
  const parameters: Record<string, string> = {};
  for (let i = 0; fields[i]; i += 2) parameters[fields[i]!] = fields[i + 1] ?? '';
  return parameters;
}

/** A server that reads each connection's startup message, keeps its parameters and hangs up. */
async function startupRecorder() {
  const received: Record<string, string>[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 4 || buffered.length < buffered.readInt32BE(0)) return;
      received.push(startupParameters(buffered));
      socket.destroy();
    });
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres?application_name=unstuck_startup`,
    received,
    close: () => {
      sockets.forEach((socket) => socket.destroy());
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('the startup message of the PostgreSQL pool', () => {
  test('carries only parameters a pooler such as PgBouncer handles, no statement_timeout', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const recorder = await startupRecorder();
    const db = await openPostgresDatabase(recorder.url);
    try {
      await within(5_000, rejectionOf(db.asOwner((sql) => sql.query('select 1'))));
      expect(recorder.received).toHaveLength(1);
      const [parameters] = recorder.received;
      expect(parameters).toMatchObject({ user: 'postgres', database: 'postgres', application_name: 'unstuck_startup' });
      expect(Object.keys(parameters!).filter((name) => !POOLER_KNOWN.has(name))).toEqual([]);
    } finally {
      vi.restoreAllMocks();
      await db.close();
      await recorder.close();
    }
  });
});
