// An incremental parser for `text/event-stream` (the WHATWG rules that matter here: line endings
// CRLF / LF / CR, `:` comments, `event`, `data`, `id`, `retry`), for reading SSE through fetch.

export interface SseEvent {
  /** `message` when the stream did not name one. */
  type: string;
  data: string;
  /** The last event id seen on the stream so far (what a reconnect sends as Last-Event-ID). */
  lastEventId: string;
}

export class SseParser {
  private buffer = '';
  private eventType = '';
  private data: string[] = [];
  private hasData = false;
  /** The spec's "last event ID buffer": an `id` line sets it; it becomes `lastEventId` at dispatch. */
  private idBuffer: string | undefined;
  /**
   * The id of the last event dispatched (what a reconnect sends as Last-Event-ID). Not the id of an
   * event still arriving: a connection that drops between an event's `id` and its blank line has
   * not delivered it, and resuming after that id would skip it. Survives across events.
   */
  lastEventId = '';
  /** The server's `retry:` advice in milliseconds, if it gave one. */
  retryMs: number | undefined;

  constructor(private readonly onEvent: (event: SseEvent) => void) {}

  /** The last chunk ended in a CR, taken as a line end: a LF starting the next is the rest of a CRLF. */
  private endedInCr = false;

  push(chunk: string): void {
    // Not waiting for the byte after a final CR: on a stream whose lines end in CR alone, the
    // event would sit here until the next write, a ping 15 s later.
    if (chunk && this.endedInCr) {
      this.endedInCr = false;
      if (chunk[0] === '\n') chunk = chunk.slice(1);
    }
    this.buffer += chunk;
    for (let match; (match = /\r\n|\n|\r/.exec(this.buffer)); ) {
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      this.endedInCr = match[0] === '\r' && this.buffer === '';
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return; // a comment, e.g. `: ping`
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.eventType = value;
    else if (field === 'data') {
      this.data.push(value);
      this.hasData = true;
    } else if (field === 'id' && !value.includes('\0')) this.idBuffer = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
  }

  private dispatch(): void {
    // Set before the data check, as the spec does: an event with an id and no data still moves it.
    this.lastEventId = this.idBuffer ?? this.lastEventId;
    const type = this.eventType || 'message';
    const data = this.data.join('\n');
    const hasData = this.hasData;
    this.eventType = '';
    this.data = [];
    this.hasData = false;
    if (hasData) this.onEvent({ type, data, lastEventId: this.lastEventId });
  }
}
