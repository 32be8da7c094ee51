/**
 * One interval shared by every hook that shows a live elapsed time, so a hundred cards re-render
 * in one batch per second instead of a hundred timers drifting apart.
 */
export class Ticker {
  #listeners = new Set<() => void>();
  #timer: ReturnType<typeof setInterval> | null = null;
  #count = 0;

  constructor(readonly intervalMs: number) {}

  /** A counter that changes at every tick (the value `useSyncExternalStore` reads). */
  getSnapshot = (): number => this.#count;

  subscribe = (listener: () => void): (() => void) => {
    if (this.intervalMs <= 0) return () => {};
    this.#listeners.add(listener);
    if (!this.#timer) {
      this.#timer = setInterval(() => {
        this.#count += 1;
        this.#listeners.forEach((l) => l());
      }, this.intervalMs);
    }
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0 && this.#timer) {
        clearInterval(this.#timer);
        this.#timer = null;
      }
    };
  };
}
