/**
 * @unstuck/supabase-example: the task contract in SQL (shim/, migrations/) and the TypeScript
 * helpers other parts of the project use to run it: apply the migrations, make throwaway
 * databases on PostgreSQL or PGlite, act as a user or as the service role, back-date tasks.
 * Free of test-framework imports, so apps may use it.
 */
export {
  readMigrations,
  applyMigrations,
  migrationsHash,
  SQL_ROOT,
  type Migration,
  type MigrationOptions,
} from './migrations';
export {
  DEFAULT_POSTGRES_URL,
  adminUrl,
  databaseUrl,
  postgresAvailable,
  ensureTemplateDatabase,
  createTestDatabase,
  scheduleReaperJob,
  unscheduleReaperJob,
  type TestDatabase,
} from './postgres';
export { reaperJobName, purgeJobName, REAPER_COMMAND, PURGE_SCHEDULE } from './cron';
export { withRole, withUser, withService, withAnon, type ApiRole, type Queryable } from './roles';
export { backdateTask, type TaskTimestamp } from './backdate';
export { createPGliteDatabase, type PGliteDatabaseOptions } from './pglite';
export { NOTIFY_CHANNEL, SQLSTATES, type TaskChangeNotice, type ReapCounts } from './contract';
