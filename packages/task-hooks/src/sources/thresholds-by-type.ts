import { TaskError, isTaskError } from '../core/errors';
import { parseThresholds } from '../core/parse';
import type { TaskThresholds } from '../core/types';

/**
 * Per-type thresholds, each type checked on its own (`parse`, `parseThresholds` by default): a
 * malformed one is left out, and its tasks are judged on the `default` row or the seed defaults.
 * Failing the whole read instead would judge every type on the seed defaults, and a type allowed
 * hours without a heartbeat would show "stuck" after 20 minutes. A response malformed as a whole is
 * still the caller's `protocol` error. In development (`NODE_ENV` not `production`) each row left
 * out is named with `console.warn` (not where `process` is undefined); production builds drop the
 * message.
 */
export function thresholdsByType(
  kind: string,
  entries: Iterable<readonly [type: unknown, raw: unknown]>,
  parse: (raw: unknown) => TaskThresholds = parseThresholds,
): Record<string, TaskThresholds> {
  const result: Record<string, TaskThresholds> = {};
  for (const [type, raw] of entries) {
    try {
      if (typeof type !== 'string' || type === '') throw new TaskError('protocol', 'Malformed task data: a thresholds row without a type', { cause: raw });
      result[type] = parse(raw);
    } catch (error) {
      if (!isTaskError(error) || error.code !== 'protocol') throw error;
      // `typeof` first: where `process` is not defined (a Worker runtime without Node compat),
      // reading it would throw and turn one malformed row into a failed read. Written so that a
      // bundler's NODE_ENV define still folds the whole condition to false and drops the warning.
      if (typeof process !== 'undefined' && process.env.NODE_ENV !== 'production') {
        console.warn(
          `[unstuck] The ${kind} source left out the thresholds of task type ${JSON.stringify(type)}: ${error.message}. ` +
            'Tasks of that type are judged on the `default` row (or the seed defaults) until it is fixed. Shown only in development.',
        );
      }
    }
  }
  return result;
}
