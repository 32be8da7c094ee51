// How PostgreSQL keeps and prints the values the memory source handles, so that it measures,
// stores and words them as the database does.
import { TaskError } from '../core/errors';
import { jsonText } from '../sources/json-text';

/**
 * A value as format('%L') quotes it in the SQL functions' messages, which the supabase source
 * passes on: 'o''neil', NULL, E'a\\b' for a backslash.
 */
export function sqlLiteral(value: unknown): string {
  if (value == null) return 'NULL';
  const text = String(value).replace(/'/g, "''");
  return text.includes('\\') ? `E'${text.replace(/\\/g, '\\\\')}'` : `'${text}'`;
}

/** An interval as PostgreSQL prints it by default: 1_800_000 → '00:30:00', 1_500 → '00:00:01.5'. */
export function intervalText(ms: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const seconds = (ms % 60_000) / 1_000;
  const whole = Math.floor(seconds);
  const fraction = seconds === whole ? '' : String(Math.round((seconds - whole) * 1e6) / 1e6).slice(1);
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(whole)}${fraction}`;
}

/**
 * Bytes of a value's jsonb text, which the database's caps measure (`octet_length(payload::text)`):
 * jsonb prints a space after every colon and comma, so JSON.stringify's length is short of it
 * and a payload just over the cap would pass here and be refused in production.
 */
export function jsonBytes(name: string, value: unknown): number {
  const text = (plain: unknown): string => {
    if (Array.isArray(plain)) return `[${plain.map(text).join(', ')}]`;
    if (plain !== null && typeof plain === 'object') {
      return `{${Object.entries(plain).map(([key, item]) => `${JSON.stringify(key)}: ${text(item)}`).join(', ')}}`;
    }
    return JSON.stringify(plain);
  };
  return utf8Bytes(text(asJson(name, value)));
}

/**
 * UTF-8 length of a text, counted without TextEncoder, which Jest's jsdom environment does not
 * define. A surrogate pair (4 bytes) is two code units of 2. JSON.stringify writes a lone
 * surrogate as an escape (`\ud800`, 6 bytes here), which jsonb refuses: refuseUnstorable refuses it
 * first, so no value with one is measured.
 */
function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    bytes += unit < 0x80 ? 1 : unit < 0x800 || (unit >= 0xd800 && unit <= 0xdfff) ? 2 : 3;
  }
  return bytes;
}

/**
 * A value as a jsonb column keeps it: a copy through JSON as supabase-js sends it (see jsonText),
 * so Dates and BigInts become strings, undefined members disappear, and the caller's later changes
 * to its object do not reach the stored row. Sent as the field `name`, as the other sources send
 * it, so that a Set in it is named as they name it (`payload.tags`, `payload`).
 */
export function asJson(name: string, value: unknown): unknown {
  return (JSON.parse(jsonText({ [name]: value })) as Record<string, unknown>)[name] ?? null;
}

/**
 * The first escape in JSON text that jsonb refuses: `\u0000` (a NUL), or a surrogate's
 * (`\ud800`-`\udfff`), which JSON.stringify writes only for a lone one (a pair it writes as the
 * character). Only one preceded by an even number of backslashes: `\\u0000` is text.
 */
const REFUSED_ESCAPE = /(?:^|[^\\])(?:\\\\)*\\u(0000|d[89a-f])/;

/**
 * Refuses what PostgreSQL refuses while converting a call's arguments (so before the function's
 * own checks and its fence), all `invalid_id`, with the database's message: a NUL character in a
 * text (22021) or in a jsonb value (22P05), and a lone surrogate in a jsonb value (22P02; jsonb
 * reads the text left to right, so the first of these in it is the one named). `as` is `text`, or
 * the name of the jsonb field, which names the place of a value JSON cannot hold
 * (`payload.tags is a Set`).
 */
export function refuseUnstorable(value: unknown, as: 'text' | 'payload' | 'result'): void {
  if (as === 'text') {
    if (typeof value === 'string' && value.includes('\0')) throw new TaskError('invalid_id', 'invalid byte sequence for encoding "UTF8": 0x00');
    return;
  }
  const escape = REFUSED_ESCAPE.exec(jsonText({ [as]: value }))?.[1];
  if (escape) throw new TaskError('invalid_id', escape === '0000' ? 'unsupported Unicode escape sequence' : 'invalid input syntax for type json');
}
