/**
 * A numeric option as given when it is a finite number at least `min`, else its default.
 * `Number(process.env.X)` of an unset variable is NaN, and NaN compares false with everything: as
 * the server's `maxBodyBytes` it lifted the body cap, as `replayBufferSize` it kept every event for
 * good, as an interval (like Infinity, which overflows) it made `setInterval` fire in a loop, and as
 * the supabase source's `minRefreshIntervalMs` it never let a session refresh be forced.
 * @example numberOption(Number(process.env.PING_MS), 15_000, 1) // 15000 when PING_MS is unset
 */
export function numberOption(value: number | undefined, fallback: number, min = 0): number {
  return Number.isFinite(value) && (value as number) >= min ? (value as number) : fallback;
}
