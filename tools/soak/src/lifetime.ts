// One stop switch for every loop of a run: sleeps end early when the run stops, and loops ask
// `running` before each step, so that nothing writes to the database after the run is over.

export class Lifetime {
  private stopped = false;
  private readonly wakers = new Set<() => void>();

  get running(): boolean {
    return !this.stopped;
  }

  /** Resolves true after `ms`, or false as soon as the run stops. */
  sleep(ms: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.wakers.delete(wake);
        resolve(true);
      }, Math.max(0, ms));
      this.wakers.add(wake);
    });
  }

  stop(): void {
    this.stopped = true;
    for (const wake of [...this.wakers]) wake();
  }
}
