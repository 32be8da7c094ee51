// 0018 applied the way examples/supabase/README.md allows (psql -f, each statement on its own) to a
// database whose task_types row passes the old check but not the new: refused; corrected; run again.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { adminUrl, databaseUrl, readMigrations } from '../src/index';
import { noPostgres } from './support';

describe.skipIf(noPostgres)('0018 over a row it refuses', () => {
  it('can be run again with psql -f once the row is corrected', async () => {
    const name = `t0018_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const db = new pg.Client({ connectionString: databaseUrl(name) });
    await db.connect();
    try {
      for (const m of readMigrations({ shim: true })) if (!m.name.includes('0018')) await db.query(m.sql);
      await db.query("insert into public.task_types (type, max_runtime) values ('neg', interval '1 day -1 hour')");
      const file = join(__dirname, '..', 'migrations', '0018_task_types_bounded.sql');
      const psql = () => {
        try { return execFileSync('psql', ['-X', '-v', 'ON_ERROR_STOP=1', '-q', '-f', file, databaseUrl(name)], { stdio: 'pipe' }).toString(); }
        catch (e) { return `FAILED ${(e as { stderr: Buffer }).stderr.toString()}`; }
      };
      const first = psql();
      expect(first).toMatch(/task_types_bounded/);
      await db.query("update public.task_types set max_runtime = interval '23 hours' where type = 'neg'");
      const second = psql();
      expect(second).not.toMatch(/FAILED/);
    } finally {
      await db.end();
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
    }
  });
});
