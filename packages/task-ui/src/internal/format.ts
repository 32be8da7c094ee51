// Locale-aware wording for numbers and times. Intl formatters are costly to build and a list may
// hold hundreds of cards, so each one is built once per locale.
type Formatter = Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.DateTimeFormat;
// A plain object, not a Map (fewer bytes): every key holds a colon ("p:en", "dminute:en"), so
// none can be one of Object.prototype's names.
const cache: Record<string, Formatter> = {};

/**
 * The formatter of a `kind` (a letter, and what else tells its options apart) for `locale`, made
 * once with the locale canonicalised: an invalid one falls back to English rather than throw.
 */
function cached<T extends Formatter>(kind: string, locale: string, make: (locale: string) => T): T {
  let loc = 'en';
  try {
    loc = Intl.getCanonicalLocales(locale)[0] ?? loc;
  } catch {
    // An invalid tag: English.
  }
  return (cache[`${kind}:${loc}`] ??= make(loc)) as T;
}

const UNITS = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
] as const;

/** The largest whole unit of a duration: 190 000 ms → [3, 'minute']; under a second (or negative) → [0, 'second']. */
function largestUnit(ms: number): [number, (typeof UNITS)[number][0]] {
  for (const [unit, size] of UNITS) {
    if (ms >= size) return [Math.floor(ms / size), unit];
  }
  return [0, 'second'];
}

/**
 * A finite number (Number.isFinite is false for a non-number): a duration that can be shown, a
 * progress value worth checking (state.ts). One name for both keeps one copy in the bundle.
 */
export const isFiniteNumber = Number.isFinite as (value: unknown) => value is number;

/** "3 minutes", "1 hour"; null for a missing or non-finite duration. Negative counts as zero. */
export function formatDuration(ms: number | null | undefined, locale: string): string | null {
  if (!isFiniteNumber(ms)) return null;
  const [value, unit] = largestUnit(ms);
  return cached(`d${unit}`, locale, (loc) => new Intl.NumberFormat(loc, { style: 'unit', unit, unitDisplay: 'long' })).format(value);
}

/** "3 minutes ago", "now", for a finite duration (its one caller, TaskProgress, checks). */
export function formatAgo(ms: number, locale: string): string {
  const [value, unit] = largestUnit(ms);
  return cached('r', locale, (loc) => new Intl.RelativeTimeFormat(loc, { numeric: 'auto' })).format(-value, unit);
}

/** "45%" from a 0..1 fraction. */
export function formatPercent(fraction: number, locale: string): string {
  return cached('p', locale, (loc) => new Intl.NumberFormat(loc, { style: 'percent', maximumFractionDigits: 0 })).format(fraction);
}

/** Epoch ms of an ISO timestamp, or null when it is missing or unparseable. */
export function parseTime(iso: string | null | undefined): number | null {
  if (typeof iso !== 'string') return null;
  const ms = Date.parse(iso);
  // Date.parse gives a finite time value or NaN (also for ''), so the finite check (already in
  // this file) is the NaN check, and one name fewer in the bundle than Number.isNaN.
  return isFiniteNumber(ms) ? ms : null;
}

/**
 * "Dec 4, 7:46:12 PM" for a timeline entry; null when the timestamp is unusable. `utc` gives
 * "Dec 4, 7:46:12 PM UTC", the same on any server, for the server render and hydration.
 */
export function formatDateTime(iso: string | null | undefined, locale: string, utc: boolean): string | null {
  const ms = parseTime(iso);
  if (ms === null) return null;
  return cached(`t${utc}`, locale, (loc) => new Intl.DateTimeFormat(loc, {
    month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit',
    // Spreading false adds nothing.
    ...utc && { timeZone: 'UTC', timeZoneName: 'short' },
  })).format(ms);
}
