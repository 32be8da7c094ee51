// Whether this machine's PostgreSQL can be used, and the stated reason when it cannot.
import { postgresAvailable } from '@unstuck/supabase-example';

export const pgUp = await postgresAvailable();
const required = process.env.UNSTUCK_REQUIRE_POSTGRES === '1';

if (!pgUp && required) {
  throw new Error('UNSTUCK_REQUIRE_POSTGRES=1 but no PostgreSQL answers at UNSTUCK_POSTGRES_URL or 127.0.0.1:5432');
}
if (!pgUp) console.log('[soak] skipped: no PostgreSQL at UNSTUCK_POSTGRES_URL or 127.0.0.1:5432 (set UNSTUCK_REQUIRE_POSTGRES=1 to fail instead)');
