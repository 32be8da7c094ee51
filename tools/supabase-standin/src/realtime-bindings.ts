// postgres_changes bindings of a joined channel: the `config.postgres_changes` entries of phx_join,
// each given a numeric id in the join reply (Realtime uses :erlang.phash2 of the params), and the
// test of whether a changed row matches one of them.
import { createHash } from 'node:crypto';
import { splitList } from './rest-query';

export interface Binding {
  id: number;
  event: string;
  schema: string;
  table?: string;
  filter?: string;
}

export class BindingError extends Error {}

const FILTER = /^([a-z_][a-z0-9_]*)=(eq|neq|lt|lte|gt|gte|in)\.(.*)$/;

function bindingId(params: Record<string, unknown>): number {
  const digest = createHash('sha1').update(JSON.stringify(params)).digest();
  return digest.readUInt32BE(0) & 0x7ffffff;
}

/** Reads the join payload's bindings; throws BindingError for a shape or filter the stand-in refuses. */
export function readBindings(config: unknown): Binding[] {
  const list = (config as { postgres_changes?: unknown } | undefined)?.postgres_changes ?? [];
  if (!Array.isArray(list)) throw new BindingError('config.postgres_changes must be a list');
  return list.map((raw: unknown) => {
    const params = (raw ?? {}) as Record<string, unknown>;
    const { event, schema, table, filter } = params;
    if (typeof event !== 'string' || typeof schema !== 'string') throw new BindingError('each binding needs event and schema');
    if (filter !== undefined && filter !== null && (typeof filter !== 'string' || !FILTER.test(filter))) {
      throw new BindingError(`filter ${JSON.stringify(filter)} is outside the stand-in's subset (col=op.value, one condition)`);
    }
    return {
      // Echoed back exactly as sent: realtime-js compares event, schema, table and filter one by one.
      ...(params as object),
      id: bindingId(params),
      event,
      schema,
      table: typeof table === 'string' ? table : undefined,
      filter: typeof filter === 'string' ? filter : undefined,
    } as Binding;
  });
}

function compare(actual: string, operator: string, expected: string): boolean {
  switch (operator) {
    case 'eq': return actual === expected;
    case 'neq': return actual !== expected;
    case 'in': return splitList(expected.replace(/^\(|\)$/g, '')).includes(actual);
    case 'lt': return actual < expected;
    case 'lte': return actual <= expected;
    case 'gt': return actual > expected;
    case 'gte': return actual >= expected;
    default: return false;
  }
}

export function bindingMatches(binding: Binding, change: { schema: string; table: string; type: string; record: Record<string, unknown> }): boolean {
  if (binding.schema !== '*' && binding.schema !== change.schema) return false;
  if (binding.table && binding.table !== '*' && binding.table !== change.table) return false;
  if (binding.event !== '*' && binding.event.toUpperCase() !== change.type) return false;
  return filterAdmits(binding, change.record, false);
}

/**
 * Whether the binding's filter lets `record` through. `unknownColumn` answers for a filter on a
 * column the record lacks: false for a full row, true for the few columns a NOTIFY carries (the
 * row has to be read to know).
 */
export function filterAdmits(binding: Binding, record: Record<string, unknown>, unknownColumn: boolean): boolean {
  if (!binding.filter) return true;
  const [, column, operator, value] = FILTER.exec(binding.filter) ?? [];
  if (!column || !operator || value === undefined) return false;
  if (!(column in record)) return unknownColumn;
  const actual = record[column];
  return actual !== undefined && actual !== null && compare(String(actual), operator, value);
}
