-- A bounded wait for locks in the client RPCs (docs/CONTRACT.md "Client RPCs"). Each of them
-- waits for locks: submit_task and retry_task for their (user, type) admission turn (an advisory
-- lock), the active task's row and the exclusive index entry of a concurrent insert;
-- request_task_cancel and retry_task for the task's row. Without a lock_timeout, a transaction
-- that holds one of those and never ends (a worker or an admin session stuck mid-transaction, a
-- crashed client's idle connection) makes the call wait for ever: the user's Start, Cancel or
-- Retry button spins and nothing tells them anything, the very thing this kit exists to prevent.
--
-- 5 seconds: the contract's own transactions hold a task row or an admission turn for one RPC,
-- milliseconds, so a wait of seconds already means a holder that is not coming back. It stays
-- under Supabase's default statement_timeout of the authenticated role (8 s), so the caller hears
-- the specific lock_not_available (SQLSTATE 55P03) rather than a generic statement cancel, and
-- it is about as long as a person watches a spinner before giving up. The call fails and rolls
-- back with nothing written: it is safe to send again (task-hooks reports it as a retryable
-- `server` error). Set per function, not per role, so no other query of the role is affected;
-- the setting also covers the internal functions these call, and is restored when they return.
alter function public.submit_task(text, jsonb) set lock_timeout = '5s';
alter function public.request_task_cancel(uuid) set lock_timeout = '5s';
alter function public.retry_task(uuid) set lock_timeout = '5s';
