// Pure derivations from a `TaskStatusLike`: which state to show, whether the reaper acted, and a
// progress value that is safe to render. Bad input degrades to something honest, never a crash.
import { defaultMessages, type ReaperCode } from '../messages';
import { isFiniteNumber, parseTime } from './format';
import type { DisplayState, HealthReason, HealthState, TaskRowLike, TaskStatusLike } from '../types';

/**
 * A record's own value only: a server word like "constructor" must not find Object's function.
 * Also the check that a value is one of the English defaults' keys (a health state, a reaper code).
 */
export const own = (record: Record<string, string>, key: unknown) => (Object.hasOwn(record, key as string) ? record[key as string] : undefined);

const ROW_STATES = new Set(['pending', 'processing', 'completed', 'failed', 'cancelled']);

export function isActiveState(state: DisplayState): boolean {
  return state === 'pending' || state === 'processing' || state === 'cancelling';
}

/**
 * The one state to show for a hook result or a hand-built status object (the `data-state` of
 * `TaskCard` and `TaskStatusBadge`).
 * @example getDisplayState({ status: 'processing', isCancelling: true }) // 'cancelling'
 */
export function getDisplayState(status: TaskStatusLike | null | undefined): DisplayState {
  // No status, or a status that is not a string (a number, an object), is none of the names
  // below: 'unknown'. (`raw` is set only where `status` is, hence the assertions.)
  const raw = status?.status;
  if (raw === 'loading') return status!.error && !status!.task ? 'error' : 'loading';
  if (raw === 'not_found' || raw === 'error') return raw;
  if (!ROW_STATES.has(raw!)) return 'unknown';
  // A row status is one of ROW_STATES here, so 'active' means pending or processing.
  if (isActiveState(raw as DisplayState) && (status!.isCancelling || status!.task?.cancel_requested_at)) return 'cancelling';
  return raw as DisplayState;
}

/**
 * Health to show, as [state, reason] (a pair: an object's property names would stay in the
 * minified bundle): only active tasks have one, and unknown values count as `ok`.
 */
export function getHealth(status: TaskStatusLike | null | undefined, state: DisplayState): [state: HealthState, reason: HealthReason | null] {
  const health = status?.health;
  // Slow and stuck are the keys of the English health words, and the reasons those of its
  // reasons: `own` finds nothing for anything else (null and undefined too: no key is named so).
  if (!isActiveState(state) || !own(defaultMessages.health, health?.state)) {
    return ['ok', null];
  }
  // health is an object here, its state slow or stuck.
  return [health!.state, own(defaultMessages.reasons, health!.reason) ? health!.reason : null];
}

/**
 * The reaper's code when the server, not the worker, made the task fail. Its cancel_timeout is
 * none: that ends a task the user cancelled as cancelled, the outcome they asked for, which the
 * card tells as their cancellation (taskOutcome), not as the server stopping the task.
 */
export function getReaperVerdict(state: DisplayState, task: TaskRowLike | undefined): ReaperCode | null {
  const code = task?.error_code;
  // The reaper's codes are the keys of the English verdicts (`own` finds nothing for null and undefined).
  return state === 'failed' && code !== 'cancel_timeout' && own(defaultMessages.verdicts, code) ? code as ReaperCode : null;
}

/**
 * The whole percent to show for a progress fraction, or null for "indeterminate". The contract
 * says 0..1; anything else (NaN, -1, 7, a string) is not guessed at: the bar says it does not
 * know. Rounded down, so the bar never claims work not yet done, and at most 99 until the task
 * has completed (a running task at 0.996 is not "100%"). The small epsilon keeps 0.29 at 29:
 * 0.29 * 100 is 28.999… in binary floating point. One function for both steps: fewer bytes of
 * the budget than two.
 */
export function toPercent(progress: unknown, completed: boolean): number | null {
  // Number.isFinite (isFiniteNumber), unlike the global isFinite, is false for a non-number ("0.5"
  // too). A hair above 1 is 1 come out of floating-point arithmetic (1.0000000000000002), not a
  // guess: the cap at 100 makes it 100.
  return isFiniteNumber(progress) && progress >= 0 && progress <= 1 + 1e-9
    ? Math.min(completed ? 100 : 99, Math.floor(progress * 100 + 1e-9))
    : null;
}

/**
 * One grapheme (what a reader sees as one character), near enough for choosing where to clip: a
 * pair of regional indicators (a flag) or any one code point, then what attaches to it: combining
 * marks (the emoji variation selector, a keycap's frame too), skin tones, and a zero-width joiner
 * with the code point it joins (👩‍👩‍👧). Not kept whole, for the bytes it would take: subdivision
 * flags (🏴󠁧󠁢󠁳󠁣󠁴󠁿, tag characters), Hangul written as separate jamo, Indic conjuncts.
 * A regular expression, not Intl.Segmenter: it cuts at the same place on the server and in a
 * browser without Intl.Segmenter (Firefox before 125, Safari before 14.1), whose different cut
 * made hydration fail; and a Segmenter made per clip, on each render of each card, doubled a
 * list's render time.
 */
const GRAPHEME = /(?:\p{RI}\p{RI}|.)(?:[\p{M}\p{EMod}]|\u200d.?)*/gsu;

/**
 * Shortens text to `max` characters with an ellipsis; long unbroken strings are wrapped by CSS.
 * `max` is one of the components' own limits (40 to 600), never below 1. Counted in characters
 * (code points), not UTF-16 units: a cut between the two units of an emoji left half of it, which
 * shows as "�". Array.from, not a spread: it gives no characters for a non-string (a number where
 * a row should hold text), which is then returned as it is rather than throwing.
 *
 * Nor is the cut made inside a grapheme (👩‍👩‍👧 is five code points, a flag two), which left a
 * lone 👩 or a letter in a box: the kept code points are split into graphemes ({@link GRAPHEME})
 * and the last one, the one the cut reaches, goes whole.
 */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars[max] ? chars.slice(0, max).join('').match(GRAPHEME)!.slice(0, -1).join('') + '…' : text;
}

/** A result as text: strings as they are, everything else as compact JSON; null when empty. */
export function resultText(result: unknown, max: number): string | null {
  if (result === null || result === undefined || result === '') return null;
  let text: string | undefined;
  if (typeof result === 'string') text = result;
  else {
    try {
      text = JSON.stringify(result);
    } catch {
      // A BigInt or a cycle: String() below, as for what JSON has no text for (a function).
    }
  }
  return clip(text ?? String(result), max);
}

/** How long a finished task took, from its own server timestamps (no client clock involved). */
export function durationOf(task: TaskRowLike | undefined): number | null {
  const end = parseTime(task?.finished_at);
  const start = parseTime(task?.started_at) ?? parseTime(task?.created_at);
  if (end === null || start === null || end < start) return null;
  return end - start;
}
