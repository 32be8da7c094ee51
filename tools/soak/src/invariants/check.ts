// One invariant's outcome: how many things it looked at and what broke.

export class Check {
  checked = 0;
  readonly violations: string[] = [];

  constructor(
    readonly name: string,
    /** What "checked" counts, for the report: tasks, writes, samples … */
    readonly unit: string,
  ) {}

  /** Counts one checked item; records `problem` when it is a string. */
  item(problem?: string | null): void {
    this.checked += 1;
    if (problem) this.violations.push(problem);
  }

  fail(problem: string): void {
    this.violations.push(problem);
  }

  get ok(): boolean {
    return this.violations.length === 0;
  }
}

/** JSON with sorted keys, to compare jsonb values whatever order their keys come back in. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Microseconds as seconds with millisecond precision, for messages. */
export function sec(us: number): string {
  return `${(us / 1e6).toFixed(3)} s`;
}
