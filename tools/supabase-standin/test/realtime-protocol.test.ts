// The Realtime wire protocol spoken by hand over a raw websocket, so message shapes are pinned
// independently of realtime-js: join reply with binding ids, the system message, heartbeat,
// postgres_changes for a visible row only, error replies, and the token-expiry close.
import { randomUUID } from 'node:crypto';
import { createTestDatabase, postgresAvailable, withUser, type TestDatabase } from '@unstuck/supabase-example';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startStandin, type Standin } from '../src';

const pgUp = await postgresAvailable();
if (!pgUp && process.env.UNSTUCK_REQUIRE_POSTGRES === '1') throw new Error('PostgreSQL is required (UNSTUCK_REQUIRE_POSTGRES=1) but unreachable');
if (!pgUp) console.log('stand-in protocol tests skipped: PostgreSQL at 127.0.0.1:5432 is unreachable');

type Frame = [string | null, string | null, string, string, Record<string, unknown>];

class RawClient {
  readonly frames: Frame[] = [];
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.frames.push(JSON.parse(data.toString()) as Frame));
  }
  static async open(standin: Standin): Promise<RawClient> {
    const socket = new WebSocket(`${standin.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${standin.anonKey}&vsn=2.0.0`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new RawClient(socket);
  }
  send(frame: Frame): void {
    this.socket.send(JSON.stringify(frame));
  }
  async next(match: (frame: Frame) => boolean): Promise<Frame> {
    for (let waited = 0; waited < 5_000; waited += 10) {
      const found = this.frames.find(match);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no matching frame; got ${JSON.stringify(this.frames)}`);
  }
}

/** A join like realtime-js sends; `userId` null leaves the filter off, so only RLS stands between users. */
const joinFrame = (token: string, userId: string | null, ref = '1'): Frame => [
  ref, ref, 'realtime:tasks-test', 'phx_join',
  { config: { broadcast: { ack: false, self: false }, presence: { key: '', enabled: false }, postgres_changes: [{ event: '*', schema: 'public', table: 'tasks', ...(userId ? { filter: `user_id=eq.${userId}` } : {}) }], private: false }, access_token: token },
];

describe.skipIf(!pgUp)('stand-in realtime protocol', () => {
  let db: TestDatabase;
  let standin: Standin;
  let admin: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase('standin_protocol');
    standin = await startStandin({ connectionString: db.url });
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
  });
  afterAll(async () => {
    await standin?.stop();
    await admin?.end();
    await db?.drop();
  });

  it('answers heartbeat, join (with binding ids and a system message) and delivers only rows RLS shows the subscriber', async () => {
    const alice = randomUUID();
    const bob = randomUUID();
    const client = await RawClient.open(standin);
    client.send([null, '9', 'phoenix', 'heartbeat', {}]);
    expect(await client.next((f) => f[1] === '9')).toEqual([null, '9', 'phoenix', 'phx_reply', { status: 'ok', response: {} }]);
    client.send(joinFrame(standin.issueSession(alice).access_token, null));
    const reply = await client.next((f) => f[3] === 'phx_reply' && f[1] === '1');
    expect(reply[4]).toMatchObject({ status: 'ok', response: { postgres_changes: [{ event: '*', schema: 'public', table: 'tasks', id: expect.any(Number) }] } });
    const bindingId = (reply[4].response as { postgres_changes: Array<{ id: number }> }).postgres_changes[0]!.id;
    expect((await client.next((f) => f[3] === 'system'))[4]).toMatchObject({ extension: 'postgres_changes', status: 'ok', channel: 'tasks-test' });

    await withUser(admin, bob, (c) => c.query("select public.submit_task('report', '{}')"));
    const mine = (await withUser(admin, alice, (c) => c.query("select public.submit_task('report', '{}') as r"))) as { rows: Array<{ r: { task: { id: string } } }> };
    const change = await client.next((f) => f[3] === 'postgres_changes');
    expect(change[0]).toBeNull();
    expect(change[4]).toMatchObject({ ids: [bindingId], data: { schema: 'public', table: 'tasks', type: 'INSERT', record: { id: mine.rows[0]!.r.task.id, user_id: alice }, errors: null } });
    expect(client.frames.filter((f) => f[3] === 'postgres_changes')).toHaveLength(1);
    client.socket.close();
  });

  it('speaks vsn 1.0.0 (JSON objects) as well', async () => {
    const socket = new WebSocket(`${standin.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${standin.anonKey}&vsn=1.0.0`);
    const frames: Array<Record<string, unknown>> = [];
    socket.on('message', (data) => frames.push(JSON.parse(data.toString()) as Record<string, unknown>));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ topic: 'phoenix', event: 'heartbeat', payload: {}, ref: '5', join_ref: null }));
    for (let waited = 0; frames.length === 0 && waited < 5_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(frames[0]).toEqual({ join_ref: null, ref: '5', topic: 'phoenix', event: 'phx_reply', payload: { status: 'ok', response: {} } });
    socket.close();
  });

  it('refuses a join with an expired token, and closes a joined channel when its token expires', async () => {
    const user = randomUUID();
    const client = await RawClient.open(standin);
    const session = standin.issueSession(user);
    client.send(joinFrame(session.access_token, user, '1'));
    await client.next((f) => f[1] === '1' && f[3] === 'phx_reply');
    standin.expireTokens();
    expect((await client.next((f) => f[3] === 'system' && f[4].extension === 'system'))[4]).toMatchObject({ status: 'error' });
    expect(await client.next((f) => f[3] === 'phx_close')).toEqual(['1', '1', 'realtime:tasks-test', 'phx_close', {}]);
    client.send(joinFrame(session.access_token, user, '2'));
    expect((await client.next((f) => f[1] === '2'))[4]).toMatchObject({ status: 'error', response: { reason: expect.stringContaining('expired') } });
    client.socket.close();
  });

  it('sends a postgres_changes system error to joined channels on replicationError(), leaving them joined', async () => {
    const user = randomUUID();
    const client = await RawClient.open(standin);
    client.send(joinFrame(standin.issueSession(user).access_token, user, '1'));
    await client.next((f) => f[3] === 'system' && f[4].status === 'ok');
    standin.replicationError();
    expect((await client.next((f) => f[3] === 'system' && f[4].status === 'error'))[4]).toMatchObject({ extension: 'postgres_changes', channel: 'tasks-test' });
    client.send(['1', '3', 'realtime:tasks-test', 'phx_leave', {}]);
    expect((await client.next((f) => f[1] === '3'))[4]).toMatchObject({ status: 'ok' });
    expect(client.frames.some((f) => f[3] === 'phx_close')).toBe(false);
    client.socket.close();
  });

  it('closes every accepted join at once while closeAfterJoin is on', async () => {
    const user = randomUUID();
    const client = await RawClient.open(standin);
    standin.closeAfterJoin(true);
    try {
      client.send(joinFrame(standin.issueSession(user).access_token, user, '1'));
      expect((await client.next((f) => f[1] === '1' && f[3] === 'phx_reply'))[4]).toMatchObject({ status: 'ok' });
      expect((await client.next((f) => f[3] === 'system' && f[4].extension === 'system'))[4]).toMatchObject({ status: 'error' });
      expect(await client.next((f) => f[3] === 'phx_close')).toEqual(['1', '1', 'realtime:tasks-test', 'phx_close', {}]);
    } finally {
      standin.closeAfterJoin(false);
      client.socket.close();
    }
  });
});

describe.skipIf(!pgUp)('stand-in whose LISTEN connection is lost', () => {
  it('tells joined and later channels that replication failed, instead of dying on the error or going silent', async () => {
    const db = await createTestDatabase('standin_lost_listen');
    const standin = await startStandin({ connectionString: db.url });
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const user = randomUUID();
      const joined = await RawClient.open(standin);
      joined.send(joinFrame(standin.issueSession(user).access_token, user, '1'));
      await joined.next((f) => f[3] === 'system' && f[4].status === 'ok');
      // What a server restart or an administrator's kill does to the stand-in's LISTEN connection
      // (and what DROP DATABASE … WITH (FORCE) did at the end of test runs).
      const killed = await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen %'");
      expect(killed.rowCount).toBe(1);
      expect((await joined.next((f) => f[3] === 'system' && f[4].status === 'error'))[4]).toMatchObject({ extension: 'postgres_changes' });
      const later = await RawClient.open(standin);
      later.send(joinFrame(standin.issueSession(user).access_token, user, '1'));
      expect((await later.next((f) => f[3] === 'system'))[4]).toMatchObject({ extension: 'postgres_changes', status: 'error' });
      joined.socket.close();
      later.socket.close();
    } finally {
      await standin.stop();
      await admin.end();
      await db.drop();
    }
  });
});
