// The exact lock_timeout each contract function runs with, read from the catalog. The timing
// suites (lock-timeout, worker-lock-timeout, reaper-lock-timeout) prove the bound works, but a
// wait measured on a busy machine needs slack, and slack lets a bound that grew (the reaper's 1 s
// made 2 s, see blocked-call.ts) pass. The setting itself (pg_proc.proconfig, what ALTER FUNCTION ... SET stores) is
// exact and does not depend on load. All overloads of each name are listed, so a new one added
// without the bound fails too.
import { describe, expect, it } from 'vitest';
import { LOCK_TIMEOUT_MS } from './lock-bounds';
import { noPostgres, useTestDatabase } from './support';

describe.skipIf(noPostgres)('the lock_timeout each contract function is declared with', () => {
  const t = useTestDatabase('lockconfig');

  it('is exactly the bound of its group, for every overload', async () => {
    const names = Object.keys(LOCK_TIMEOUT_MS).map((signature) => signature.slice(0, signature.indexOf('(')));
    const { rows } = await t.admin.query<{ fn: string; setting: string | null }>(
      `select p.oid::regprocedure::text as fn,
              (select substr(c, length('lock_timeout=') + 1) from unnest(p.proconfig) c where c like 'lock_timeout=%') as setting
         from pg_proc p
        where p.pronamespace = 'public'::regnamespace and p.proname = any($1)`,
      [names],
    );
    const declared = Object.fromEntries(rows.map((row) => [row.fn, row.setting]));
    const expected = Object.fromEntries(Object.entries(LOCK_TIMEOUT_MS).map(([fn, ms]) => [fn, `${ms / 1000}s`]));
    expect(declared).toEqual(expected);
  });
});
