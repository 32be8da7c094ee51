// Anonymous sign-in and CORS, as the Next example's Supabase mode uses them from a browser page on
// another origin: the real supabase-js signs in anonymously, its user is an ordinary
// `authenticated` user to PostgreSQL (RLS keeps two such users apart), and preflights are answered.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '@unstuck/supabase-example';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startStandin, type Standin } from '../src';

const pgUp = await postgresAvailable();
if (!pgUp && process.env.UNSTUCK_REQUIRE_POSTGRES === '1') throw new Error('PostgreSQL is required (UNSTUCK_REQUIRE_POSTGRES=1) but unreachable');
if (!pgUp) console.log('stand-in anonymous sign-in tests skipped: PostgreSQL at 127.0.0.1:5432 is unreachable');

// Node 20 has no global WebSocket; realtime-js needs one even when no channel is opened.
const CLIENT_OPTIONS = {
  auth: { persistSession: false, autoRefreshToken: false },
  realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
};

describe.skipIf(!pgUp)('stand-in anonymous sign-in and CORS', () => {
  let db: TestDatabase;
  let standin: Standin;
  const clients: SupabaseClient[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('standin_anonymous');
    standin = await startStandin({ connectionString: db.url });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.removeAllChannels()));
    await standin?.stop();
    await db?.drop();
  });

  const anonymousClient = async () => {
    const client = createClient(standin.url, standin.anonKey, CLIENT_OPTIONS);
    clients.push(client);
    const { data, error } = await client.auth.signInAnonymously({ options: { data: { from: 'test' } } });
    expect(error).toBeNull();
    return { client, user: data.user!, session: data.session! };
  };

  it('signs in a new anonymous user each time, whose token PostgreSQL takes as that user', async () => {
    const alice = await anonymousClient();
    const bob = await anonymousClient();
    expect(alice.user.id).not.toBe(bob.user.id);
    expect(alice.user).toMatchObject({ role: 'authenticated', is_anonymous: true, user_metadata: { from: 'test' } });
    expect((await alice.client.auth.getUser()).data.user?.id).toBe(alice.user.id);

    const submitted = await alice.client.rpc('submit_task', { p_type: 'report', p_payload: { n: 1 } });
    expect(submitted.error).toBeNull();
    const id = (submitted.data as { task: { id: string; user_id: string } }).task.id;
    expect((submitted.data as { task: { user_id: string } }).task.user_id).toBe(alice.user.id);
    expect((await alice.client.from('tasks').select('id').eq('id', id)).data).toEqual([{ id }]);
    expect((await bob.client.from('tasks').select('id').eq('id', id)).data).toEqual([]);
  });

  it('refuses sign-up with an email instead of ignoring it', async () => {
    const client = createClient(standin.url, standin.anonKey, CLIENT_OPTIONS);
    const { error } = await client.auth.signUp({ email: 'a@b.test', password: 'secret-password' });
    expect(error?.message).toMatch(/anonymous only/);
  });

  it('answers a browser preflight from another origin and marks every answer cross-origin', async () => {
    const preflight = await fetch(`${standin.url}/rest/v1/rpc/submit_task`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'apikey, authorization, content-type, x-client-info' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('apikey, authorization, content-type, x-client-info');
    const read = await fetch(`${standin.url}/rest/v1/task_types?select=type`, { headers: { apikey: standin.anonKey, origin: 'http://127.0.0.1:3000' } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBe('*');
  });
});
