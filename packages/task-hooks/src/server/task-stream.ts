// The server side of `GET {base}/stream`: one upstream `source.subscribe` per user, fanned out to
// that user's open streams, with a numbered ring buffer so a client that reconnects with
// Last-Event-ID gets what it missed, or `reset` when that is no longer possible. It also tells its
// clients when that upstream is not live (`upstream` events), since an open stream that pings on
// would otherwise pass for a live one while no change can reach it.
import type { ConnectionState, TaskSource } from '../sources/source';

export interface StreamClient {
  send(frame: string): void;
  /** Ends the client's response (the upstream is gone: the client should reconnect). */
  close(): void;
}

interface Entry {
  seq: number;
  frame: string;
}

export interface TaskStreamOptions {
  /** Entries kept for replay. */
  bufferSize: number;
  /** How long the upstream subscription (and the replay buffer) outlives the last client. */
  lingerMs: number;
  /** How long a new upstream may stay `connecting` before its clients are told it is down. */
  upstreamGraceMs: number;
}

/**
 * What the clients are told of the upstream. `joining`: a new subscription still connecting, within
 * its grace; its clients are not told it is down (each read everything when its stream opened, and
 * a `reset` follows when it joins), so a cold start does not flicker realtime → polling → realtime.
 */
type UpstreamState = 'joining' | 'live' | 'down';

export class TaskStream {
  /** The id of the last event. Starts from the clock so ids from an earlier process or stream are never mistaken for ours. */
  private seq = Date.now() * 1000;
  private readonly buffer: Entry[] = [];
  private readonly clients = new Set<StreamClient>();
  private unsubscribe: (() => void) | null = null;
  /** Live only once the upstream says `realtime`: until then, changes may pass it by. */
  private upstream: UpstreamState = 'down';
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private lingerTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly source: TaskSource,
    private readonly options: TaskStreamOptions,
    private readonly onIdle: () => void,
  ) {}

  /** Adds a client; replays from `lastEventId` when given (or asks for a reset when it cannot). */
  attach(client: StreamClient, lastEventId: string | null): void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    this.ensureUpstream();
    if (lastEventId !== null) this.replay(client, lastEventId);
    // A new stream starts out believed live by its client: correct it at once when it is not.
    if (this.upstream === 'down') client.send(upstreamFrame(false));
    this.clients.add(client);
  }

  detach(client: StreamClient): void {
    if (!this.clients.delete(client) || this.clients.size > 0) return;
    this.lingerTimer = setTimeout(() => this.close(), this.options.lingerMs);
  }

  /**
   * Stops the upstream subscription at once (handler shutdown), and ends the open streams: left
   * open they would ping on forever without another event, their clients believing they are live.
   */
  close(): void {
    const clients = [...this.clients];
    this.clients.clear(); // first, so that the clients' detach does not start a linger timer
    for (const client of clients) client.close();
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    clearTimeout(this.graceTimer);
    this.upstream = 'down';
    this.onIdle();
  }

  private ensureUpstream(): void {
    if (this.unsubscribe || !this.source.subscribe) return;
    this.upstream = 'joining';
    this.graceTimer = setTimeout(() => this.tell('down'), this.options.upstreamGraceMs);
    this.unsubscribe = this.source.subscribe({
      onHint: (ids) => {
        if (ids === 'all') this.publish('reset', {});
        else for (const id of ids) this.publish('task', { id });
      },
      onConnection: (state) => this.setUpstream(state),
    });
  }

  /**
   * `connecting`, `polling` and `offline` all mean the same to a client: changes may not reach this
   * server, so it must poll; except `connecting` while a new upstream is joining (see UpstreamState).
   */
  private setUpstream(state: ConnectionState): void {
    if (state === 'connecting' && this.upstream === 'joining') return;
    this.tell(state === 'realtime' ? 'live' : 'down');
  }

  /** Sends the clients the edges only; a client that attaches later is told in attach. */
  private tell(next: 'live' | 'down'): void {
    const was = this.upstream;
    if (next === was) return;
    this.upstream = next;
    clearTimeout(this.graceTimer);
    // Clients of a joining upstream believe it live already: they need no `upstream` event, only
    // to read again what changed between their first read and the join.
    if (was === 'joining' && next === 'live') {
      if (this.clients.size > 0) this.publish('reset', {});
      return;
    }
    const frame = upstreamFrame(next === 'live');
    for (const client of this.clients) client.send(frame);
  }

  private publish(event: 'task' | 'reset', data: Record<string, string>): void {
    this.seq += 1;
    const frame = `id: ${this.seq}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    this.buffer.push({ seq: this.seq, frame });
    if (this.buffer.length > this.options.bufferSize) this.buffer.shift();
    for (const client of this.clients) client.send(frame);
  }

  private replay(client: StreamClient, lastEventId: string): void {
    const last = /^\d+$/.test(lastEventId) ? Number(lastEventId) : NaN;
    if (last === this.seq) return;
    const oldest = this.buffer[0]?.seq;
    if (Number.isSafeInteger(last) && last < this.seq && oldest !== undefined && oldest <= last + 1) {
      for (const entry of this.buffer) if (entry.seq > last) client.send(entry.frame);
      return;
    }
    client.send(`id: ${this.seq}\nevent: reset\ndata: {}\n\n`);
  }
}

/**
 * The upstream's state as an event without an `id:`: it is not replayed (a reconnecting client is
 * told the state of the moment in attach), and it leaves the client's Last-Event-ID alone.
 */
function upstreamFrame(live: boolean): string {
  return `event: upstream\ndata: {"state":"${live ? 'realtime' : 'down'}"}\n\n`;
}
