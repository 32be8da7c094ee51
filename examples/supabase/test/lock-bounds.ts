// The lock_timeout of each contract function (0014: client RPCs, 0016: worker RPCs and the
// reaper), in one place: lock-timeout-config.test.ts checks them exactly in the catalog, and the
// timing suites wait behind a stuck lock for these bounds.
export const CLIENT_LOCK_TIMEOUT_MS = 5_000;
export const WORKER_LOCK_TIMEOUT_MS = 2_000;
export const REAPER_LOCK_TIMEOUT_MS = 1_000;

/** Every overload of these functions, by its signature as PostgreSQL prints it (regprocedure). */
export const LOCK_TIMEOUT_MS: Readonly<Record<string, number>> = {
  'submit_task(text,jsonb)': CLIENT_LOCK_TIMEOUT_MS,
  'request_task_cancel(uuid)': CLIENT_LOCK_TIMEOUT_MS,
  'retry_task(uuid)': CLIENT_LOCK_TIMEOUT_MS,
  'claim_task(uuid,text)': WORKER_LOCK_TIMEOUT_MS,
  'heartbeat_task(uuid,integer,real,text)': WORKER_LOCK_TIMEOUT_MS,
  'complete_task(uuid,integer,jsonb)': WORKER_LOCK_TIMEOUT_MS,
  'fail_task(uuid,integer,text,text)': WORKER_LOCK_TIMEOUT_MS,
  'ack_task_cancel(uuid,integer)': WORKER_LOCK_TIMEOUT_MS,
  'reap_stuck_tasks()': REAPER_LOCK_TIMEOUT_MS,
};
