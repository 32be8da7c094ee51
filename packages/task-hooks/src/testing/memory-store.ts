import { TaskError, assertTaskId } from '../core/errors';
import { DEFAULT_THRESHOLDS } from '../core/thresholds';
import type { SubmitResult, TaskEvent, TaskRow, TaskStatus, TaskThresholds } from '../core/types';
import type { MemoryTaskType, ReapCounts, WorkerAnswer } from './memory-types';
import { sameJson } from './same-json';
import { asJson, intervalText, jsonBytes, refuseUnstorable, sqlLiteral } from './postgres-values';

const DEFAULT_TYPE: MemoryTaskType = { ...DEFAULT_THRESHOLDS, exclusive: false, maxPayloadBytes: 64 * 1024 };

type Actor = TaskEvent['actor'];
type ReapCode = keyof ReapCounts;

/**
 * The rows, the rules and the audit trail of the memory source, synchronous and on the server
 * clock it is given. It mirrors the SQL functions of docs/CONTRACT.md: terminal states are final,
 * worker writes are fenced by `attempt`, `submit` reaps the caller's stale active task first.
 */
export class MemoryStore {
  readonly rows = new Map<string, TaskRow>();
  readonly events: TaskEvent[] = [];
  private seq = 0;
  private eventSeq = 0;

  constructor(
    readonly userId: string,
    private readonly types: Record<string, MemoryTaskType> | null,
    private readonly now: () => number,
    private readonly onChange: (id: string) => void,
    private readonly newId: () => string = () => fakeUuid(++this.seq),
  ) {}

  typeConfig(type: string): MemoryTaskType {
    if (this.types === null) return DEFAULT_TYPE;
    const found = this.types[type];
    if (!found) throw new TaskError('unknown_type', `unknown_type: task type ${sqlLiteral(type)} is not registered in task_types`);
    return found;
  }

  thresholds(): Record<string, TaskThresholds> {
    const all = this.types ?? { default: DEFAULT_TYPE };
    const out: Record<string, TaskThresholds> = {};
    for (const [type, { exclusive: _e, maxPayloadBytes: _m, ...t }] of Object.entries(all)) out[type] = t;
    return out;
  }

  /**
   * Any user's row. The id is read as a uuid argument is: `'A1…'::uuid` matches the row whose id
   * the database prints `a1…`, so a test that passes an id in capitals gets what production gives.
   */
  find(id: string): TaskRow | undefined {
    return this.rows.get(String(id).toLowerCase());
  }

  /** The caller's row, as RLS lets them see it: another user's task is missing (the same answer on purpose). */
  own(id: string): TaskRow | undefined {
    const row = this.find(id);
    return row && row.user_id === this.userId ? row : undefined;
  }

  get(id: string): TaskRow {
    assertTaskId(id);
    const row = this.own(id);
    if (!row) throw new TaskError('not_found', `not_found: task ${id.toLowerCase()} does not exist or is not yours`, { taskId: id });
    return row;
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  private write(row: TaskRow, patch: Partial<TaskRow>, actor: Actor, kind: string, reason: string | null = null): TaskRow {
    const next: TaskRow = { ...row, ...patch, updated_at: this.iso() };
    this.rows.set(row.id, next);
    if (kind !== 'heartbeat') this.log(row.id, actor, kind, kind === 'submitted' ? null : row.status, next.status, reason);
    this.onChange(row.id);
    return next;
  }

  /** One `task_events` row. */
  private log(taskId: string, actor: Actor, kind: string, from: TaskStatus | null, to: TaskStatus | null, reason: string | null): void {
    this.events.push({ id: ++this.eventSeq, task_id: taskId, actor, kind, from_status: from, to_status: to, reason, at: this.iso() });
  }

  /** Seeds or inserts a row as-is (tests use it to back-date tasks), its id as the database prints it. */
  put(row: TaskRow): void {
    const stored = storedRow(row);
    this.rows.set(stored.id, stored);
    this.onChange(stored.id);
  }

  insert(type: string, payload: unknown, retryOf: string | null): TaskRow {
    const at = this.iso();
    // Seeded and put rows often use fakeUuid(1), fakeUuid(2) …: skip ids in use rather than
    // overwrite those rows (bounded, for a custom generator that repeats itself).
    let id = this.newId();
    for (let tries = 0; this.rows.has(id); tries += 1) {
      if (tries === 1_000) throw new TaskError('server', `server: the id generator keeps returning ids in use (${id})`);
      id = this.newId();
    }
    const blank: TaskRow = {
      id, user_id: this.userId, type, status: 'pending', payload, result: null,
      progress: null, progress_message: null, attempt: 0, cancel_requested_at: null,
      error_code: null, error_message: null, created_at: at, updated_at: at,
      started_at: null, heartbeat_at: null, finished_at: null, retry_of: retryOf,
    };
    this.rows.set(blank.id, blank);
    // log_inserted_tasks (0004): a retry's `submitted` event names the task it retries.
    return this.write(blank, {}, 'user', 'submitted', retryOf);
  }

  /** Which reaper rule applies to the row now, if any: the first that matches, in the order of `stuck_reason` (0007). */
  reapable(row: TaskRow): ReapCode | null {
    const t = this.typeConfig(row.type);
    const now = this.now();
    const since = (iso: string | null) => (iso === null ? 0 : now - Date.parse(iso));
    if (row.status === 'pending') return since(row.created_at) > t.pendingTimeoutMs ? 'pending_timeout' : null;
    if (row.status !== 'processing') return null;
    if (row.cancel_requested_at && since(row.cancel_requested_at) > t.cancelGraceMs) return 'cancel_timeout';
    if (since(row.started_at) > t.maxRuntimeMs) return 'max_runtime';
    if (since(row.heartbeat_at ?? row.started_at) > t.heartbeatTimeoutMs) return 'heartbeat_timeout';
    return null;
  }

  private reapOne(row: TaskRow, code: ReapCode): TaskRow {
    const status: TaskStatus = code === 'cancel_timeout' ? 'cancelled' : 'failed';
    const t = this.typeConfig(row.type);
    // reaped_message (0007), with the limit as PostgreSQL prints an interval.
    const message = {
      cancel_timeout: `cancel not acknowledged within ${intervalText(t.cancelGraceMs)}`,
      max_runtime: `still running after the maximum runtime of ${intervalText(t.maxRuntimeMs)}`,
      heartbeat_timeout: `no heartbeat for ${intervalText(t.heartbeatTimeoutMs)}`,
      pending_timeout: `not picked up by a worker within ${intervalText(t.pendingTimeoutMs)}`,
    }[code];
    return this.write(row, { status, error_code: code, error_message: message, finished_at: this.iso() }, 'reaper', status, code);
  }

  reap(): ReapCounts {
    const counts: ReapCounts = { pending_timeout: 0, heartbeat_timeout: 0, max_runtime: 0, cancel_timeout: 0 };
    for (const row of [...this.rows.values()]) {
      const code = this.reapable(row);
      if (code) {
        this.reapOne(row, code);
        counts[code] += 1;
      }
    }
    return counts;
  }

  /**
   * The caller's active tasks of a type, newest first. Rows created in the same millisecond (fake
   * timers) count the later inserted as newer, as the database's microsecond clock would.
   */
  private activeRows(type: string): TaskRow[] {
    return [...this.rows.values()]
      .filter((r) => r.type === type && r.user_id === this.userId && (r.status === 'pending' || r.status === 'processing'))
      .reverse()
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
  }

  active(type: string): TaskRow | null {
    return this.activeRows(type)[0] ?? null;
  }

  /**
   * `reap_stuck_for`: fails every stale active task of the caller's type, exclusive or not. Returns
   * the newest one reaped and the newest healthy active task left.
   */
  private reapStale(type: string): { newestReaped: string | null; healthy: TaskRow | undefined } {
    let newestReaped: string | null = null;
    let healthy: TaskRow | undefined;
    for (const row of this.activeRows(type)) {
      const code = this.reapable(row);
      if (code) {
        this.reapOne(row, code);
        newestReaped ??= row.id;
      } else {
        healthy ??= row;
      }
    }
    return { newestReaped, healthy };
  }

  /**
   * `submit_task` (and `admit` for `retry_task`): reap the caller's stale active task, or return the
   * healthy one when exclusive. `reaped` is a task the caller already reaped (retry's stuck task),
   * reported when this admission reaps nothing itself, as `admit`'s `p_reaped`.
   */
  submit(type: string, payload: unknown, retryOf: string | null = null, reaped: string | null = null): SubmitResult {
    refuseUnstorable(payload, 'payload');
    const config = this.typeConfig(type);
    const size = jsonBytes('payload', payload ?? {});
    // The database checks the payload only on the insert: a healthy exclusive task is returned
    // whatever the payload (it is not used), and a refused insert rolls the reaping back with it.
    const attaches = config.exclusive && this.activeRows(type).some((row) => !this.reapable(row));
    if (size > config.maxPayloadBytes && !attaches) {
      throw new TaskError('payload_too_large', `payload_too_large: payload is ${size} bytes, type ${type} allows ${config.maxPayloadBytes}`);
    }
    const { newestReaped, healthy } = this.reapStale(type);
    const reapedTaskId = newestReaped ?? reaped;
    if (config.exclusive && healthy) return { task: healthy, created: false, reapedTaskId };
    return { task: this.insert(type, asJson('payload', payload ?? {}), retryOf), created: true, reapedTaskId };
  }

  cancel(id: string): TaskRow {
    const row = this.get(id);
    if (row.status === 'pending') {
      return this.write(row, {
        status: 'cancelled', cancel_requested_at: this.iso(), error_code: 'cancelled',
        error_message: 'cancelled before a worker picked it up', finished_at: this.iso(),
      }, 'user', 'cancelled', 'cancelled');
    }
    if (row.status === 'processing' && row.cancel_requested_at === null) {
      return this.write(row, { cancel_requested_at: this.iso() }, 'user', 'cancel_requested');
    }
    return row;
  }

  /**
   * `retry_task`, in its order: not_found; then a task retried before answers with its (newest)
   * retry, created=false, reaping and inserting nothing (retry is idempotent per task); then the
   * status decides whether a new run may start.
   */
  retry(id: string): SubmitResult {
    let row = this.get(id);
    const earlier = this.newestRetryOf(row);
    if (earlier) return { task: earlier, created: false, reapedTaskId: null };
    let reaped: string | null = null;
    if (row.status === 'pending' || row.status === 'processing') {
      const code = this.reapable(row);
      if (!code) throw new TaskError('illegal_state', `illegal_state: task ${row.id} is ${row.status} and healthy; cancel it or wait`, { taskId: id });
      // As retry_task: reap_stuck_for fails every stale task of the type (this one among them),
      // and this task is what admit() reports as reaped.
      this.reapStale(row.type);
      row = this.get(id);
      reaped = row.id;
    } else if (row.status !== 'failed' && row.status !== 'cancelled') {
      throw new TaskError('illegal_state', `illegal_state: task ${row.id} ${row.status}; submit a new task instead`, { taskId: id });
    }
    const result = this.submit(row.type, row.payload, row.id, reaped);
    // The retried task is final and not written to: only its audit trail learns which task retries
    // it (log_inserted_tasks, 0004), with no status and the new id as the reason.
    if (result.created) this.log(row.id, 'user', 'retried', null, null, result.task.id);
    return result;
  }

  /** The caller's newest task whose `retry_of` is `row` (the same-millisecond rule of `activeRows`). */
  private newestRetryOf(row: TaskRow): TaskRow | undefined {
    return [...this.rows.values()]
      .filter((r) => r.retry_of === row.id && r.user_id === row.user_id)
      .reverse()
      .sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
  }

  // ---- worker RPCs (service role) ----

  /** `claim_task`: a given task if it is pending (and of `type`, when given), else the oldest pending task of `type`. */
  claim(id: string | null, type: string | null): TaskRow | null {
    if (id === null && type === null) throw new TaskError('invalid_id', 'invalid_id: claim_task needs a task id or a task type');
    if (id !== null) assertTaskId(id);
    // claim_task's p_type is text: a NUL in it is refused as it is converted (22021).
    refuseUnstorable(type, 'text');
    const candidates = id !== null
      ? [this.find(id)].filter((r): r is TaskRow => r !== undefined)
      : [...this.rows.values()].sort((a, b) => a.created_at.localeCompare(b.created_at));
    const row = candidates.find((r) => r.status === 'pending' && (type === null || r.type === type));
    if (!row) return null;
    // heartbeat_at stays null: the guard trigger (0005) stamps it only when a write sets it (a
    // heartbeat), and health falls back to started_at until then.
    return this.write(row, { status: 'processing', attempt: row.attempt + 1, started_at: this.iso() }, 'worker', 'claimed');
  }

  /**
   * The row a fenced write may touch, or why not, as `rejection()` (0009) says it: an unknown task is
   * an error, a different attempt is stale whatever the status, then a task not processing is not
   * active, then (for an ack) one with no cancel request has none to acknowledge.
   */
  private fenced(id: string, attempt: number, needsCancelRequest = false): TaskRow | WorkerAnswer {
    assertTaskId(id);
    const row = this.find(id);
    if (!row) throw new TaskError('not_found', `not_found: task ${id.toLowerCase()} does not exist`, { taskId: id });
    const reason: WorkerAnswer['reason'] =
      row.attempt !== attempt ? 'stale_attempt'
      : row.status !== 'processing' ? 'not_active'
      : needsCancelRequest && row.cancel_requested_at === null ? 'no_cancel_request'
      : null;
    return reason ? { accepted: false, keep_going: false, reason } : row;
  }

  /**
   * `heartbeat_task`, and `fail_task` below: the fence before the argument (0015), so a zombie
   * that sends a bad value hears it is stale, not `invalid_id` (it would fix the value and retry).
   */
  heartbeat(id: string, attempt: number, progress?: number | null, message?: string | null): WorkerAnswer {
    refuseUnstorable(message, 'text');
    const row = this.fenced(id, attempt);
    if (!('id' in row)) return row;
    if (progress != null && !(progress >= 0 && progress <= 1)) {
      throw new TaskError('invalid_id', `invalid_id: progress must be between 0 and 1, got ${progress}`);
    }
    const next = this.write(row, {
      heartbeat_at: this.iso(),
      progress: progress ?? row.progress,
      progress_message: message == null ? row.progress_message : Array.from(message).slice(0, 2_000).join(''),
    }, 'worker', 'heartbeat');
    const cancel = next.cancel_requested_at !== null;
    return { accepted: true, keep_going: !cancel, reason: cancel ? 'cancel_requested' : null };
  }

  finish(id: string, attempt: number, patch: Partial<TaskRow>, kind: string, reason: string | null = null): WorkerAnswer {
    const row = this.fenced(id, attempt);
    if (!('id' in row)) return this.refusal(id, attempt, row, patch);
    this.write(row, { ...patch, finished_at: this.iso() }, 'worker', kind, reason);
    return { accepted: true, reason: null };
  }

  /**
   * A finishing write's refusal, unless the task already ended under `attempt` exactly as `patch`
   * would end it, by the worker: the same call sent again (its answer was lost) hears accepted and
   * writes nothing, as in migration 0017; `not_active` means the work was not stored. The values
   * alone are not enough: a worker may send the reaper's own code and message for a task the
   * reaper ended, and its write was refused.
   */
  private refusal(id: string, attempt: number, refused: WorkerAnswer, patch: Partial<TaskRow>): WorkerAnswer {
    const row = this.find(id);
    const replay = refused.reason === 'not_active' && row?.attempt === attempt &&
      (Object.keys(patch) as Array<keyof TaskRow>).every((key) => sameJson(row[key], patch[key])) &&
      // A terminal status is entered once, so this is the ending event.
      this.events.some((event) => event.task_id === row.id && event.to_status === patch.status && event.actor === 'worker');
    return replay ? { accepted: true, reason: null } : { accepted: false, reason: refused.reason };
  }

  /**
   * `complete_task`: the fence first, then the result's size, so a zombie attempt hears it is stale
   * whatever it sends (told "too large", it would try to shrink a result nobody wants).
   */
  complete(id: string, attempt: number, result: unknown): WorkerAnswer {
    refuseUnstorable(result, 'result');
    // complete_task sets progress to 1 whatever the last heartbeat said.
    const patch: Partial<TaskRow> = { status: 'completed', result: asJson('result', result), progress: 1 };
    const row = this.fenced(id, attempt);
    if (!('id' in row)) return this.refusal(id, attempt, row, patch);
    const cap = this.typeConfig(row.type).maxPayloadBytes;
    if (result != null && jsonBytes('result', result) > cap) {
      throw new TaskError('payload_too_large', `payload_too_large: result is ${jsonBytes('result', result)} bytes, the limit is ${cap}`);
    }
    return this.finish(id, attempt, patch, 'completed');
  }

  /** `fail_task`: the code must look like one (it is shown and branched on), the message is cut at 4000 characters. */
  fail(id: string, attempt: number, code: string, message: string | null): WorkerAnswer {
    refuseUnstorable(code, 'text');
    refuseUnstorable(message, 'text');
    const text = message === null ? null : Array.from(message).slice(0, 4_000).join('');
    const patch: Partial<TaskRow> = { status: 'failed', error_code: code, error_message: text };
    const row = this.fenced(id, attempt);
    if (!('id' in row)) return this.refusal(id, attempt, row, patch);
    if (typeof code !== 'string' || !/^[a-z][a-z0-9_.:-]{0,63}$/.test(code)) {
      throw new TaskError('invalid_id', `invalid_id: error code must match ^[a-z][a-z0-9_.:-]{0,63}$, got ${sqlLiteral(code)}`);
    }
    return this.finish(id, attempt, patch, 'failed', code);
  }

  ackCancel(id: string, attempt: number): WorkerAnswer {
    const patch: Partial<TaskRow> = { status: 'cancelled', error_code: 'cancelled', error_message: "cancelled at the user's request" };
    const row = this.fenced(id, attempt, true);
    if (!('id' in row)) return this.refusal(id, attempt, row, patch);
    return this.finish(id, attempt, patch, 'cancelled', 'cancelled');
  }
}

/** A row with its id in lower case, as a uuid column prints it (the row itself when it already is). */
export function storedRow(row: TaskRow): TaskRow {
  const id = row.id.toLowerCase();
  return id === row.id ? row : { ...row, id };
}

/**
 * Deterministic v4-shaped UUIDs: 00000000-0000-4000-8000-000000000001, …
 * @example fakeUuid(26) // '00000000-0000-4000-8000-00000000001a'
 */
export function fakeUuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
