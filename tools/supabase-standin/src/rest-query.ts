// Turns a PostgREST read (`GET /rest/v1/<table>?select=…&col=op.value&order=…&limit=…`) into one
// parameterised SQL statement. Only the operators postgrest-js emits for the calls the sources make
// are understood; anything else is a 400 with PostgREST's own error code, never a silent ignore.
import { restError } from './rest-errors';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const OPERATORS: Record<string, string> = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' };
const RESERVED = new Set(['select', 'order', 'limit', 'offset', 'columns', 'on_conflict']);

export interface SqlStatement {
  text: string;
  values: unknown[];
}

export function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw restError(400, 'PGRST100', `"${name}" is not a column or table the stand-in accepts`);
  return `"${name}"`;
}

/** Splits `a,"b,c",d` on commas outside double quotes, as PostgREST reads `in.(…)` lists. */
export function splitList(list: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of list) {
    if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) {
      items.push(current);
      current = '';
    } else current += char;
  }
  items.push(current);
  return items;
}

function filterSql(column: string, expression: string, values: unknown[]): string {
  const col = identifier(column);
  const dot = expression.indexOf('.');
  if (dot < 0) throw restError(400, 'PGRST100', `"${expression}" is not an operator expression`);
  const operator = expression.slice(0, dot);
  const operand = expression.slice(dot + 1);
  if (OPERATORS[operator]) {
    values.push(operand);
    return `${col} ${OPERATORS[operator]} $${values.length}`;
  }
  if (operator === 'in') {
    if (!operand.startsWith('(') || !operand.endsWith(')')) throw restError(400, 'PGRST100', `in needs a list, got ${operand}`);
    const items = splitList(operand.slice(1, -1)).filter((item) => item !== '');
    if (items.length === 0) return 'false';
    const placeholders = items.map((item) => {
      values.push(item);
      return `$${values.length}`;
    });
    return `${col} in (${placeholders.join(', ')})`;
  }
  if (operator === 'is') {
    const literal = { null: 'null', true: 'true', false: 'false' }[operand];
    if (!literal) throw restError(400, 'PGRST100', `is.${operand} is not supported`);
    return `${col} is ${literal}`;
  }
  throw restError(400, 'PGRST100', `operator "${operator}" is outside the stand-in's PostgREST subset`);
}

function orderSql(order: string): string {
  return order
    .split(',')
    .map((term) => {
      const [column, ...modifiers] = term.split('.');
      const parts = [identifier(column ?? '')];
      for (const modifier of modifiers) {
        if (modifier === 'asc' || modifier === 'desc') parts.push(modifier);
        else if (modifier === 'nullsfirst') parts.push('nulls first');
        else if (modifier === 'nullslast') parts.push('nulls last');
        else throw restError(400, 'PGRST100', `order modifier "${modifier}" is not supported`);
      }
      return parts.join(' ');
    })
    .join(', ');
}

function selectSql(select: string | null): string {
  if (!select || select === '*') return '*';
  return select.split(',').map((column) => identifier(column.trim())).join(', ');
}

function nonNegativeInteger(value: string, name: string): number {
  if (!/^\d+$/.test(value)) throw restError(400, 'PGRST100', `${name} must be a non-negative integer`);
  return Number(value);
}

/** The SQL for a table read; the result is one row with one json column `body`. */
export function readStatement(table: string, params: URLSearchParams): SqlStatement {
  const values: unknown[] = [];
  const where: string[] = [];
  for (const [key, expression] of params) {
    if (!RESERVED.has(key)) where.push(filterSql(key, expression, values));
  }
  let sql = `select ${selectSql(params.get('select'))} from public.${identifier(table)}`;
  if (where.length > 0) sql += ` where ${where.join(' and ')}`;
  const order = params.get('order');
  if (order) sql += ` order by ${orderSql(order)}`;
  const limit = params.get('limit');
  if (limit !== null) sql += ` limit ${nonNegativeInteger(limit, 'limit')}`;
  const offset = params.get('offset');
  if (offset !== null) sql += ` offset ${nonNegativeInteger(offset, 'offset')}`;
  return { text: `select coalesce(json_agg(t), '[]'::json) as body from (${sql}) t`, values };
}

/** The SQL for `POST /rest/v1/rpc/<fn>` with named arguments; the result is `to_jsonb` of the return value. */
export function rpcStatement(fn: string, args: Record<string, unknown>): SqlStatement {
  const values: unknown[] = [];
  const named = Object.entries(args).map(([name, value]) => {
    // Objects travel as JSON text; PostgreSQL casts the unknown-typed parameter to the argument's type.
    values.push(value !== null && typeof value === 'object' ? JSON.stringify(value) : value);
    return `${identifier(name)} := $${values.length}`;
  });
  return { text: `select to_jsonb(public.${identifier(fn)}(${named.join(', ')})) as body`, values };
}
