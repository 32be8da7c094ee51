import type { TestDatabase } from '@unstuck/supabase-example';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Database } from '../../lib/server/db/database';
import { openPostgresDatabase } from '../../lib/server/db/postgres';
import { contractHash, ensureSchema } from '../../lib/server/db/schema';
import { nextAppDatabase, postgresMissingReason } from './pg';

// A database kept across an upgrade of the SQL (the demo's .data folder) must say it is out of
// date rather than run old functions silently. Against a real PostgreSQL, one database of our own.
const missing = await postgresMissingReason();
if (missing) console.warn(`[next-app] schema suite skipped: ${missing}`);

let testDb: TestDatabase;
let db: Database;

beforeAll(async () => {
  if (missing) return;
  testDb = await nextAppDatabase('schema');
  db = await openPostgresDatabase(testDb.url);
});

afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

afterEach(() => vi.restoreAllMocks());

const stamp = (text: string | null) =>
  db.asOwner((sql) => sql.exec(`comment on schema unstuck_internal is ${text === null ? 'null' : `'${text}'`}`));

describe.skipIf(!!missing)('ensureSchema on an existing schema', () => {
  test('set up another way (no stamp): present, without a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await stamp(null);
    expect(await ensureSchema(db)).toBe('present');
    expect(warn).not.toHaveBeenCalled();
  });

  test('stamped with the current SQL: present, without a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await stamp(`unstuck contract ${contractHash()}`);
    expect(await ensureSchema(db)).toBe('present');
    expect(warn).not.toHaveBeenCalled();
  });

  test('stamped with older SQL: outdated, and the console says how to reset', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await stamp('unstuck contract 0000000000000000');
    expect(await ensureSchema(db)).toBe('outdated');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/older version of the SQL[^]*pnpm demo:reset/);
  });

  test('a demo (PGlite) folder without a stamp predates the stamp, so older SQL: outdated', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await stamp(null);
    // The same real database, presented as the demo's embedded one: only the kind differs.
    expect(await ensureSchema({ ...db, kind: 'pglite' })).toBe('outdated');
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
