/** One round trip to `serverTime()`, all in epoch ms. */
export interface ClockSample {
  /** Local clock just before the request. */
  sentAt: number;
  /** What the server said its clock was. */
  serverTime: number;
  /** Local clock when the answer arrived. */
  receivedAt: number;
}

/** Options of {@link createClockOffset}. */
export interface ClockOffsetOptions {
  /**
   * How many recent samples to keep.
   * @default 8
   */
  maxSamples?: number;
  /** The local clock. @default Date.now */
  now?: () => number;
  /**
   * Called with how far local instants noted earlier must move to keep their place on the server
   * clock: by the jump when the local clock is seen to jump (a clock set back an hour makes them
   * look an hour later than they were), and back by the correction when the clock is first sampled
   * after it (through a sleep the server clock moved on too, which only a sample can tell).
   * @default undefined
   */
  onJump?: (ms: number) => void;
}

/**
 * Estimates `server clock - local clock` so elapsed times are measured on the database clock
 * even when the user's clock is an hour off. Each sample assumes the server read its clock at
 * the midpoint of the round trip; the estimate is the median offset of the fastest samples, so
 * one slow or bogus sample (a stalled request, a server hiccup) does not move it.
 * Made by {@link createClockOffset}.
 */
export interface ClockOffset {
  /**
   * True once at least one sample was taken; before that, health should not be judged. False
   * again from the moment the local clock is seen to jump until it is sampled anew; meanwhile
   * `offsetMs` is moved by the jump, which keeps `serverNow` never ahead of the server's clock.
   */
  readonly ready: boolean;
  /** Server minus local, in ms (0 before the first sample). */
  readonly offsetMs: number;
  /**
   * How far the estimate may be from the server's clock, either way: the server read its clock
   * somewhere within each round trip, where the estimate assumes the middle, so for each sample it
   * rests on, half that sample's round trip plus the sample's distance from the estimate; the
   * smallest of these. 0 before the first sample.
   */
  readonly errorMarginMs: number;
  readonly sampleCount: number;
  /** Adds one round trip; samples with a negative round trip (local clock jumped) are ignored. */
  addSample(sample: ClockSample): void;
  /** Takes one sample by calling `fetchServerTime` and timing it (none when the local clock jumps meanwhile). */
  measure(fetchServerTime: () => Promise<number>): Promise<void>;
  /** The server clock now, estimated (at local time `localNow`, default now). */
  serverNow(localNow?: number): number;
  /** A server-clock instant converted to the local clock (for `setTimeout`). */
  toLocal(serverMs: number): number;
}

/**
 * A {@link ClockOffset} with no samples yet.
 * @example
 * const clock = createClockOffset();
 * await clock.measure(() => source.serverTime());
 * const serverNow = clock.serverNow();
 */
export function createClockOffset(options: ClockOffsetOptions = {}): ClockOffset {
  const maxSamples = Math.max(1, options.maxSamples ?? 8);
  const now = options.now ?? (() => Date.now());
  const samples: Array<{ offset: number; rtt: number }> = [];
  let estimate = 0;
  let margin = 0;
  /** The local clock minus the monotonic one at the last `measure` (NaN: none since the last reset). */
  let drift = NaN;
  /** The estimate as a jump left it, until the next sample. */
  let moved: number | undefined;
  // Closures rather than a class: local variables minify, members do not.
  const clock: ClockOffset = {
    get ready() {
      // The local clock jumped since `measure` sampled it (a manual or NTP change, a resumed VM, a
      // sleep through which the monotonic clock stood still): every offset may be off by the jump,
      // and those samples would outvote new ones, so they are dropped and the clock reads as
      // unmeasured until it is sampled again. Until then the estimate moves by the jump: exact
      // when only the local clock jumped, and behind the server by the sleep when both moved on,
      // never ahead, so a verdict already shown stays and none comes early.
      // (NaN compares false: samples only `addSample` took are never dropped.)
      const jump = now() - performance.now() - drift;
      if (Math.abs(jump) > 1_000) {
        samples.length = 0;
        moved = estimate -= jump;
        drift += jump;
        options.onJump?.(jump);
      }
      return samples.length > 0;
    },
    get offsetMs() {
      return estimate;
    },
    get errorMarginMs() {
      return margin;
    },
    get sampleCount() {
      return samples.length;
    },
    addSample({ sentAt, serverTime, receivedAt }) {
      const rtt = receivedAt - sentAt;
      if (!Number.isFinite(serverTime) || !(rtt >= 0)) return;
      samples.push({ offset: serverTime - (sentAt + rtt / 2), rtt });
      if (samples.length > maxSamples) samples.shift();
      const used = fastest(samples);
      estimate = medianOffset(used);
      if (moved !== undefined) options.onJump?.(moved - estimate);
      moved = undefined;
      // Each sample puts the server's clock within half its round trip of its own offset, so the
      // estimate is within that plus its distance from the offset, for any sample; the tightest of
      // these holds. (Half the slowest round trip would also hold, but one slow sample, a cold
      // start, would then delay every verdict of the session by half of it.)
      margin = Math.min(...used.map((s) => Math.abs(s.offset - estimate) + s.rtt / 2));
    },
    async measure(fetchServerTime) {
      const sentAt = now();
      const skew = sentAt - performance.now();
      const serverTime = await fetchServerTime();
      const receivedAt = now();
      // A jump before or during this round trip is first noticed against the last baseline (see
      // `ready`): taking a new one now would hide it, and the samples it put off would stay.
      void clock.ready;
      // A sample the local clock jumped inside is off by half the jump (and a forward jump only
      // looks like a slow answer), so it is dropped.
      if (Math.abs(receivedAt - performance.now() - skew) > 1_000) return;
      drift = skew;
      clock.addSample({ sentAt, serverTime, receivedAt });
    },
    serverNow: (localNow = now()) => localNow + estimate,
    toLocal: (serverMs) => serverMs - estimate,
  };
  return clock;
}

/**
 * Median offset of the lowest-round-trip samples: the faster half, but at least three (or all
 * when fewer), so a median always has good neighbours to outvote one bad sample.
 * @example robustOffset([{ offset: 120, rtt: 40 }, { offset: 118, rtt: 35 }, { offset: 900, rtt: 800 }]) // 120
 */
export function robustOffset(samples: ReadonlyArray<{ offset: number; rtt: number }>): number {
  return samples.length === 0 ? 0 : medianOffset(fastest(samples));
}

function medianOffset(samples: ReadonlyArray<{ offset: number }>): number {
  const offsets = samples.map((s) => s.offset).sort((a, b) => a - b);
  // The two middle values, the same one when the count is odd.
  const last = offsets.length - 1;
  return ((offsets[Math.floor(last / 2)] as number) + (offsets[Math.ceil(last / 2)] as number)) / 2;
}

/** The samples the estimate uses, fastest first: the faster half, but at least three (or all when fewer). */
function fastest<T extends { rtt: number }>(samples: readonly T[]): T[] {
  // `slice` stops at the end, so fewer than three samples are all kept.
  return [...samples].sort((a, b) => a.rtt - b.rtt).slice(0, Math.max(3, Math.ceil(samples.length / 2)));
}
