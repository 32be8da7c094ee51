// The shim's auth.uid() on a connection that served a signed-in user before (a pool's connection):
// once the transaction that set `request.jwt.claims` ends, the setting reads '' rather than null,
// and a later call made without claims must still mean "no one signed in" (null, UT006), as
// Supabase's own auth.uid() reads it.
import { describe, expect, it } from 'vitest';
import { withUser } from '../src/index';
import { ALICE, failure, noPostgres, useTestDatabase } from './support';

describe.skipIf(noPostgres)('auth.uid() on a reused connection', () => {
  const t = useTestDatabase('authuid');

  it('is null without claims after another transaction had them, and a submit is unauthorized', async () => {
    const client = await t.connect();
    await withUser(client, ALICE, (c) => c.query('select auth.uid()'));
    const { rows } = await client.query('select auth.uid() as uid');
    expect(rows[0].uid).toBeNull();
    await client.query('begin');
    try {
      await client.query("select set_config('role', 'authenticated', true)");
      const error = await failure(client.query("select public.submit_task('report')"));
      expect(error.code).toBe('UT006');
    } finally {
      await client.query('rollback');
    }
  });
});
