// Phoenix channel frames as realtime-js 2.119 sends them. vsn 2.0.0 (its default) is a JSON array
// `[join_ref, ref, topic, event, payload]`; vsn 1.0.0 is a JSON object with the same fields.
// The binary frames of vsn 2.0.0 only carry user broadcasts, which the stand-in does not speak.

export type Vsn = '1.0.0' | '2.0.0';

export interface PhoenixMessage {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: Record<string, unknown>;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const asRef = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** Returns null for a frame that is not a well-formed Phoenix message (it is then ignored). */
export function decodeFrame(raw: string, vsn: Vsn): PhoenixMessage | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (vsn === '2.0.0') {
    if (!Array.isArray(parsed) || parsed.length !== 5) return null;
    const [joinRef, ref, topic, event, payload] = parsed as unknown[];
    if (typeof topic !== 'string' || typeof event !== 'string') return null;
    return { joinRef: asRef(joinRef), ref: asRef(ref), topic, event, payload: asRecord(payload) };
  }
  const message = asRecord(parsed);
  if (typeof message.topic !== 'string' || typeof message.event !== 'string') return null;
  return {
    joinRef: asRef(message.join_ref),
    ref: asRef(message.ref),
    topic: message.topic,
    event: message.event,
    payload: asRecord(message.payload),
  };
}

export function encodeFrame(message: PhoenixMessage, vsn: Vsn): string {
  if (vsn === '2.0.0') {
    return JSON.stringify([message.joinRef, message.ref, message.topic, message.event, message.payload]);
  }
  return JSON.stringify({
    join_ref: message.joinRef,
    ref: message.ref,
    topic: message.topic,
    event: message.event,
    payload: message.payload,
  });
}

/** A `phx_reply` to the push `request`: `{status, response}`, addressed with the request's refs. */
export function reply(request: PhoenixMessage, status: 'ok' | 'error', response: Record<string, unknown>): PhoenixMessage {
  return { joinRef: request.joinRef, ref: request.ref, topic: request.topic, event: 'phx_reply', payload: { status, response } };
}
