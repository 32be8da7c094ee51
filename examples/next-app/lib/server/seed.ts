import { DEMO_TASK_TYPES, DEMO_THRESHOLDS_SECONDS as S } from '../demo-types';
import type { Database } from './db/database';

/**
 * Upserts the demo's task types (thresholds in seconds, one active task per user and type).
 * Runs at every start, so editing lib/demo-types.ts takes effect on the next start.
 */
export async function seedDemoTypes(db: Database): Promise<void> {
  const seconds = (n: number) => `${n} seconds`;
  await db.asOwner(async (sql) => {
    for (const { type } of DEMO_TASK_TYPES) {
      await sql.query(
        `insert into task_types (type, pending_warn_after, pending_timeout, heartbeat_warn_after,
           heartbeat_timeout, max_runtime, cancel_grace, exclusive)
         values ($1, $2::interval, $3::interval, $4::interval, $5::interval, $6::interval, $7::interval, true)
         on conflict (type) do update set
           pending_warn_after = excluded.pending_warn_after, pending_timeout = excluded.pending_timeout,
           heartbeat_warn_after = excluded.heartbeat_warn_after, heartbeat_timeout = excluded.heartbeat_timeout,
           max_runtime = excluded.max_runtime, cancel_grace = excluded.cancel_grace, exclusive = true`,
        [
          type,
          seconds(S.pendingWarnAfter),
          seconds(S.pendingTimeout),
          seconds(S.heartbeatWarnAfter),
          seconds(S.heartbeatTimeout),
          seconds(S.maxRuntime),
          seconds(S.cancelGrace),
        ],
      );
    }
  });
}
