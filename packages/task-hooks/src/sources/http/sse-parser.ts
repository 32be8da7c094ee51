// An incremental parser for `text/event-stream` (the WHATWG rules that matter here: line endings
// CRLF / LF / CR, `:` comments, `event`, `data`, `id`, `retry`), for reading SSE through fetch.
import { TaskError } from '../../core/errors';

/**
 * The most characters an event may hold before its blank line (its unfinished last line included):
 * 1 MiB of text (1,048,576 UTF-16 units). A server or proxy that never ends a line, or an event,
 * would otherwise have us keep everything it sends. The contract's events are a few dozen bytes.
 */
export const MAX_PENDING_SSE_CHARS = 1_048_576;

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
  /** Characters of the `data` lines of the event being read (what the cap counts besides `buffer`). */
  private dataChars = 0;
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
    // The buffer holds no line end (each was taken below), so only the new chunk is searched: an
    // unfinished line is not scanned again on every chunk.
    const lineEnd = /\r\n|\n|\r/g;
    lineEnd.lastIndex = this.buffer.length;
    this.buffer += chunk;
    let start = 0;
    for (let match; (match = lineEnd.exec(this.buffer)); ) {
      this.line(this.buffer.slice(start, match.index));
      start = lineEnd.lastIndex;
      this.endedInCr = match[0] === '\r' && start === this.buffer.length;
    }
    this.buffer = this.buffer.slice(start);
    // Thrown to the reader, which drops the connection and reconnects as after any broken stream.
    if (this.buffer.length + this.dataChars > MAX_PENDING_SSE_CHARS) {
      throw new TaskError('protocol', `The event stream sent over ${MAX_PENDING_SSE_CHARS} characters without ending an event`);
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
      this.dataChars += value.length + 1;
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
    this.dataChars = 0;
    this.hasData = false;
    if (hasData) this.onEvent({ type, data, lastEventId: this.lastEventId });
  }
}
