// A small fixed world for the bad-input matrix: a fresh database, two users, and user A's tasks
// in every state (pending, processing, completed); a checksum of tasks + task_events to prove
// that a refused call changed nothing; and calls as any role, answering the TaskError code.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestDatabase, withRole, withService, withUser, type TestDatabase } from '@unstuck/supabase-example';
import { SQLSTATE_TO_KIND } from '@unstuck/task-hooks/core';

export type Caller = 'owner' | 'other' | 'anon' | 'no_user' | 'service';

export interface MatrixWorld {
  db: TestDatabase;
  client: pg.Client;
  owner: string;
  other: string;
  /** user A's tasks */
  pendingId: string;
  runningId: string;
  runningAttempt: number;
  completedId: string;
  /** md5 over every row of tasks and task_events. */
  checksum(): Promise<string>;
  /** Runs `select <sql> as r` as `caller`; answers 'ok' or the TaskError code of the failure (with its message). */
  call(caller: Caller, sql: string, params: unknown[]): Promise<{ code: string; sqlstate: string; message: string }>;
  close(): Promise<void>;
}

const CHECKSUM = `select md5(
  coalesce((select string_agg(t::text, '|' order by t.id) from public.tasks t), '') || '#' ||
  coalesce((select string_agg(e::text, '|' order by e.id) from public.task_events e), '')) as sum`;

export async function startMatrixWorld(): Promise<MatrixWorld> {
  const db = await createTestDatabase('soak_matrix');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const owner = randomUUID();
  const other = randomUUID();
  const submit = async (type: string) =>
    withUser(client, owner, async (c) => (await c.query<{ r: { task: { id: string } } }>('select public.submit_task($1) as r', [type])).rows[0]!.r.task.id);
  const claim = async (id: string) =>
    withService(client, async (c) => (await c.query<{ r: { attempt: number } }>('select public.claim_task($1) as r', [id])).rows[0]!.r.attempt);
  const pendingId = await submit('default');
  const runningId = await submit('report');
  const runningAttempt = await claim(runningId);
  const completedId = await submit('default');
  const attempt = await claim(completedId);
  await withService(client, (c) => c.query('select public.complete_task($1, $2, $3)', [completedId, attempt, '{"done":true}']));

  const call: MatrixWorld['call'] = async (caller, sql, params) => {
    const run = (c: pg.Client) => c.query(`select ${sql} as r`, params);
    try {
      if (caller === 'owner' || caller === 'other') await withUser(client, caller === 'owner' ? owner : other, run);
      else if (caller === 'service') await withService(client, run);
      else if (caller === 'anon') await withRole(client, 'anon', { role: 'anon' }, run);
      else await withRole(client, 'authenticated', { role: 'authenticated' }, run);
      return { code: 'ok', sqlstate: '', message: '' };
    } catch (error) {
      const state = (error as { code?: string }).code ?? '';
      return { code: SQLSTATE_TO_KIND[state] ?? `sqlstate ${state}`, sqlstate: state, message: (error as Error).message };
    }
  };

  return {
    db, client, owner, other, pendingId, runningId, runningAttempt, completedId,
    checksum: async () => (await client.query<{ sum: string }>(CHECKSUM)).rows[0]!.sum,
    call,
    async close() {
      await client.end();
      await db.drop();
    },
  };
}

/** Strings a hostile or careless caller sends where an id or a type belongs. */
export const HOSTILE = {
  sql: "'; drop table tasks; --",
  notUuid: 'not-a-uuid',
  long: 'x'.repeat(10_000),
  /** a JSON payload over the default type's 64 KiB cap */
  bigPayload: JSON.stringify({ blob: 'y'.repeat(70_000) }),
};
