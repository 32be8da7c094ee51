import { createTestDatabase, postgresAvailable, type TestDatabase } from '@unstuck/supabase-example';

/**
 * Why the PostgreSQL suites cannot run here, or null when they can. With
 * UNSTUCK_REQUIRE_POSTGRES=1 (CI) an unreachable server is a failure, not a skip.
 */
export async function postgresMissingReason(): Promise<string | null> {
  if (await postgresAvailable()) return null;
  const reason = 'PostgreSQL is not reachable at 127.0.0.1:5432 (or UNSTUCK_POSTGRES_URL)';
  if (process.env.UNSTUCK_REQUIRE_POSTGRES === '1') throw new Error(`${reason}; UNSTUCK_REQUIRE_POSTGRES=1 forbids skipping`);
  return reason;
}

/** A database of this package's own (prefix `next_app_`), migrated; drop it after. */
export function nextAppDatabase(purpose: string): Promise<TestDatabase> {
  return createTestDatabase(`next_app_${purpose}`);
}
