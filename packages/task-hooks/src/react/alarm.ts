/**
 * One timer for many deadlines: every hook's "health changes at T" is registered here and a
 * single `setTimeout` waits for the earliest, so a page of a hundred tasks holds one timer.
 */
export class Alarm {
  #entries = new Set<{ at: number; fire: () => void }>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #armedFor = Infinity;

  /** Calls `fire` at local time `at` (epoch ms). Returns the function that cancels it. */
  at(at: number, fire: () => void): () => void {
    const entry = { at, fire };
    this.#entries.add(entry);
    if (at < this.#armedFor) this.#arm();
    return () => {
      this.#entries.delete(entry);
      if (this.#entries.size === 0) this.#arm();
    };
  }

  get size(): number {
    return this.#entries.size;
  }

  #arm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#armedFor = Infinity;
    for (const e of this.#entries) this.#armedFor = Math.min(this.#armedFor, e.at);
    if (this.#armedFor === Infinity) return;
    this.#timer = setTimeout(() => this.#ring(), Math.max(0, this.#armedFor - Date.now()));
  }

  #ring(): void {
    this.#timer = null;
    const now = Date.now();
    const due = [...this.#entries].filter((e) => e.at <= now);
    due.forEach((e) => this.#entries.delete(e));
    this.#arm();
    due.forEach((e) => e.fire());
  }
}
