/** One round trip to `serverTime()`, all in epoch ms. */
export interface ClockSample {
  /** Local clock just before the request. */
  sentAt: number;
  /** What the server said its clock was. */
  serverTime: number;
  /** Local clock when the answer arrived. */
  receivedAt: number;
}

export interface ClockOffsetOptions {
  /**
   * How many recent samples to keep.
   * @default 8
   */
  maxSamples?: number;
  /** The local clock. @default Date.now */
  now?: () => number;
}

/**
 * Estimates `server clock - local clock` so elapsed times are measured on the database clock
 * even when the user's clock is an hour off. Each sample assumes the server read its clock at
 * the midpoint of the round trip; the estimate is the median offset of the fastest samples, so
 * one slow or bogus sample (a stalled request, a server hiccup) does not move it.
 * @example
 * const clock = new ClockOffset();
 * await clock.measure(() => source.serverTime());
 * const serverNow = clock.serverNow();
 */
export class ClockOffset {
  #samples: Array<{ offset: number; rtt: number }> = [];
  #maxSamples: number;
  #now: () => number;
  #estimate = 0;
  #margin = 0;

  constructor(options: ClockOffsetOptions = {}) {
    this.#maxSamples = Math.max(1, options.maxSamples ?? 8);
    this.#now = options.now ?? (() => Date.now());
  }

  /** True once at least one sample was taken; before that, health should not be judged. */
  get ready(): boolean {
    return this.#samples.length > 0;
  }

  /** Server minus local, in ms (0 before the first sample). */
  get offsetMs(): number {
    return this.#estimate;
  }

  /**
   * How far the estimate may be from the server's clock, either way: half the round trip of the
   * slowest sample it rests on (the server read its clock somewhere within each round trip, where
   * the estimate assumes the middle). 0 before the first sample.
   */
  get errorMarginMs(): number {
    return this.#margin;
  }

  get sampleCount(): number {
    return this.#samples.length;
  }

  /** Adds one round trip; samples with a negative round trip (local clock jumped) are ignored. */
  addSample({ sentAt, serverTime, receivedAt }: ClockSample): void {
    const rtt = receivedAt - sentAt;
    if (!Number.isFinite(serverTime) || !(rtt >= 0)) return;
    this.#samples.push({ offset: serverTime - (sentAt + rtt / 2), rtt });
    if (this.#samples.length > this.#maxSamples) this.#samples.shift();
    const used = fastest(this.#samples);
    this.#estimate = medianOffset(used);
    this.#margin = (used.at(-1) as { rtt: number }).rtt / 2; // the slowest of them
  }

  /** Takes one sample by calling `fetchServerTime` and timing it. */
  async measure(fetchServerTime: () => Promise<number>): Promise<void> {
    const sentAt = this.#now();
    const serverTime = await fetchServerTime();
    this.addSample({ sentAt, serverTime, receivedAt: this.#now() });
  }

  /** The server clock now, estimated. */
  serverNow(localNow: number = this.#now()): number {
    return localNow + this.#estimate;
  }

  /** A server-clock instant converted to the local clock (for `setTimeout`). */
  toLocal(serverMs: number): number {
    return serverMs - this.#estimate;
  }
}

/**
 * Median offset of the lowest-round-trip samples: the faster half, but at least three (or all
 * when fewer), so a median always has good neighbours to outvote one bad sample.
 */
export function robustOffset(samples: ReadonlyArray<{ offset: number; rtt: number }>): number {
  return samples.length === 0 ? 0 : medianOffset(fastest(samples));
}

function medianOffset(samples: ReadonlyArray<{ offset: number }>): number {
  const offsets = samples.map((s) => s.offset).sort((a, b) => a - b);
  const mid = Math.floor(offsets.length / 2);
  return offsets.length % 2 === 1 ? (offsets[mid] as number) : ((offsets[mid - 1] as number) + (offsets[mid] as number)) / 2;
}

/** The samples the estimate uses, fastest first: the faster half, but at least three (or all when fewer). */
function fastest<T extends { rtt: number }>(samples: readonly T[]): T[] {
  const keep = Math.min(samples.length, Math.max(3, Math.ceil(samples.length / 2)));
  return [...samples].sort((a, b) => a.rtt - b.rtt).slice(0, keep);
}
