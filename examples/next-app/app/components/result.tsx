import type { ReactNode } from 'react';

/**
 * The simulated worker's result is `{ summary: "…" }`: show the sentence, not the row's raw JSON
 * (`<TaskCard>` prints any other result as compact JSON). Undefined falls back to that default.
 */
export function renderDemoResult(result: unknown): ReactNode {
  const summary = (result as { summary?: unknown } | null | undefined)?.summary;
  return typeof summary === 'string' ? <p className="unstuck-result-value">{summary}</p> : undefined;
}
