// The Realtime websocket: Phoenix heartbeat, phx_join with postgres_changes bindings, phx_leave,
// access_token, and server pushes (postgres_changes, system, phx_close). Faults are injected here.
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { AuthState } from './auth';
import type { JwtClaims, VerifyResult } from './jwt';
import { decodeFrame, encodeFrame, reply, type PhoenixMessage, type Vsn } from './phoenix';
import { BindingError, bindingMatches, filterAdmits, readBindings, type Binding } from './realtime-bindings';

export type JoinFault = 'CHANNEL_ERROR' | 'timeout';

/** Fault switches the tests flip (see the README). */
export class Faults {
  readonly pendingJoinFaults: JoinFault[] = [];
  joinDelayMs = 0;
  suppressEvents = false;
  /** While on, every accepted join is followed at once by the shutdown a server-side close sends. */
  closeAfterJoin = false;
  /** Set when the change feed's LISTEN connection is lost: joins are answered with a replication error. */
  replicationLost = false;
}

interface JoinedChannel {
  topic: string;
  joinRef: string | null;
  token: string;
  claims: JwtClaims;
  bindings: Binding[];
}

export interface RowChange {
  schema: string;
  table: string;
  type: 'INSERT' | 'UPDATE';
  commitTimestamp: string;
  record: Record<string, unknown>;
  columns: Array<{ name: string; type: string }>;
  /** The columns the change notice itself carries (id, user_id, type, status, updated_at). */
  known: Record<string, unknown>;
}

/** Asks the database whether `claims` may see the row; resolves to the row as that user sees it, or null. */
export type VisibleRow = (claims: JwtClaims, id: string) => Promise<Record<string, unknown> | null>;

/** The reason texts Realtime's join answers with (for logs only: the source under test never reads them). */
function rejection(result: Exclude<VerifyResult, { ok: true }>): string {
  switch (result.reason) {
    case 'expired': return `Token has expired ${result.expiredForSeconds ?? 0} seconds ago`;
    case 'missing_claims': return 'Fields `role` and `exp` are required in JWT';
    case 'signature': return 'Failed to validate JWT signature';
    default: return 'Token is malformed';
  }
}

export class RealtimeConnection {
  readonly channels = new Map<string, JoinedChannel>();
  /** The join ref that is allowed to register each topic; a newer join or a leave supersedes a delayed one. */
  private readonly latestJoin = new Map<string, string | null>();

  constructor(
    private readonly socket: WebSocket,
    private readonly vsn: Vsn,
    private readonly apikey: string,
    private readonly auth: AuthState,
    private readonly faults: Faults,
    private readonly stats: { joins: number; events: number },
  ) {
    socket.on('message', (data) => {
      const message = decodeFrame(data.toString(), vsn);
      if (message) void this.onMessage(message);
    });
  }

  static open(socket: WebSocket, request: IncomingMessage, auth: AuthState, faults: Faults, stats: { joins: number; events: number }): RealtimeConnection | null {
    const url = new URL(request.url ?? '/', 'http://standin');
    const vsn = url.searchParams.get('vsn') === '1.0.0' ? '1.0.0' : '2.0.0';
    const apikey = url.searchParams.get('apikey');
    if (!apikey) {
      socket.close(4001, 'apikey is required');
      return null;
    }
    return new RealtimeConnection(socket, vsn, apikey, auth, faults, stats);
  }

  send(message: PhoenixMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(encodeFrame(message, this.vsn));
  }

  /** Ends the socket abruptly, as a network drop or a server crash would (close code 1006 on the client). */
  drop(): void {
    this.socket.terminate();
  }

  private async onMessage(message: PhoenixMessage): Promise<void> {
    if (message.topic === 'phoenix' && message.event === 'heartbeat') {
      this.send(reply(message, 'ok', {}));
      return;
    }
    switch (message.event) {
      case 'phx_join': return this.onJoin(message);
      case 'phx_leave':
        this.latestJoin.delete(message.topic);
        this.channels.delete(message.topic);
        this.send(reply(message, 'ok', {}));
        return;
      case 'access_token': return this.onAccessToken(message);
      default:
        // Broadcast and presence are outside the subset; Realtime also answers unknown events with nothing.
        return;
    }
  }

  private async onJoin(message: PhoenixMessage): Promise<void> {
    this.stats.joins += 1;
    this.latestJoin.set(message.topic, message.joinRef);
    const fault = this.faults.pendingJoinFaults.shift();
    if (fault === 'timeout') return; // never answered: the client's join push times out
    if (this.faults.joinDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.faults.joinDelayMs));
    if (this.latestJoin.get(message.topic) !== message.joinRef) return;
    if (fault === 'CHANNEL_ERROR') {
      this.send(reply(message, 'error', { reason: 'stand-in: join refused by failNextJoin(CHANNEL_ERROR)' }));
      return;
    }
    const token = typeof message.payload.access_token === 'string' ? message.payload.access_token : this.apikey;
    const verified = this.auth.verify(token);
    if (!verified.ok) {
      this.send(reply(message, 'error', { reason: rejection(verified) }));
      return;
    }
    let bindings: Binding[];
    try {
      bindings = readBindings((message.payload.config as Record<string, unknown> | undefined) ?? {});
    } catch (error) {
      if (!(error instanceof BindingError)) throw error;
      this.send(reply(message, 'error', { reason: error.message }));
      return;
    }
    this.channels.set(message.topic, { topic: message.topic, joinRef: message.joinRef, token, claims: verified.claims, bindings });
    this.send(reply(message, 'ok', { postgres_changes: bindings }));
    if (bindings.length > 0) {
      // Realtime confirms the replication subscription with a system message after the reply.
      if (this.faults.replicationLost) this.pushReplicationError(message.topic);
      else {
        this.push(message.topic, 'system', {
          extension: 'postgres_changes',
          status: 'ok',
          message: 'Subscribed to PostgreSQL',
          channel: message.topic.replace(/^realtime:/, ''),
        });
      }
    }
    const joined = this.channels.get(message.topic);
    if (this.faults.closeAfterJoin && joined) this.shutdown(joined, 'stand-in: channel closed by closeAfterJoin');
  }

  private onAccessToken(message: PhoenixMessage): void {
    const channel = this.channels.get(message.topic);
    const token = message.payload.access_token;
    if (!channel || typeof token !== 'string') return;
    const verified = this.auth.verify(token);
    if (verified.ok) {
      channel.token = token;
      channel.claims = verified.claims;
    } else this.shutdown(channel, rejection(verified));
  }

  /** What Realtime does when a joined channel's token lapses: a system error, then phx_close. */
  shutdown(channel: JoinedChannel, reason: string): void {
    this.push(channel.topic, 'system', { extension: 'system', status: 'error', message: reason, channel: channel.topic.replace(/^realtime:/, '') });
    this.send({ joinRef: channel.joinRef, ref: channel.joinRef, topic: channel.topic, event: 'phx_close', payload: {} });
    this.channels.delete(channel.topic);
    this.latestJoin.delete(channel.topic);
  }

  /**
   * What Realtime sends while its replication subscription is failing (it retries by itself and
   * sends `status: ok` once it is back): a `postgres_changes` system error on each joined channel
   * with bindings. The channel stays joined.
   */
  replicationError(): void {
    for (const channel of this.channels.values()) {
      if (channel.bindings.length > 0) this.pushReplicationError(channel.topic);
    }
  }

  private pushReplicationError(topic: string): void {
    this.push(topic, 'system', {
      extension: 'postgres_changes',
      status: 'error',
      message: 'stand-in: Subscribing to PostgreSQL failed (replicationError)',
      channel: topic.replace(/^realtime:/, ''),
    });
  }

  /** Closes every channel whose token no longer verifies (after `expireTokens()`). */
  recheckTokens(): void {
    for (const channel of [...this.channels.values()]) {
      const verified = this.auth.verify(channel.token);
      if (!verified.ok) this.shutdown(channel, rejection(verified));
    }
  }

  private push(topic: string, event: string, payload: Record<string, unknown>): void {
    this.send({ joinRef: null, ref: null, topic, event, payload });
  }

  /** Sends the change to every channel whose bindings match and whose user may see the row. */
  async deliver(change: Omit<RowChange, 'record'>, id: string, visibleRow: VisibleRow): Promise<void> {
    for (const channel of [...this.channels.values()]) {
      // Skip the row read (one query per channel per change) where no filter can admit the
      // columns the notice already carries: under load those reads queued behind REST requests.
      if (!channel.bindings.some((binding) => filterAdmits(binding, change.known, true))) continue;
      const record = await visibleRow(channel.claims, id);
      if (!record || this.channels.get(channel.topic) !== channel) continue;
      // The NOTIFY does not say insert or update; a row never updated since it was created is new.
      const type = record.created_at !== undefined && record.created_at === record.updated_at ? 'INSERT' : change.type;
      const seen = { ...change, type, record };
      const ids = channel.bindings.filter((binding) => bindingMatches(binding, seen)).map((binding) => binding.id);
      if (ids.length === 0) continue;
      this.stats.events += 1;
      this.push(channel.topic, 'postgres_changes', {
        ids,
        data: {
          schema: change.schema,
          table: change.table,
          commit_timestamp: change.commitTimestamp,
          type,
          columns: change.columns,
          record,
          // Under RLS without REPLICA IDENTITY FULL, Realtime's old record holds the primary key only.
          old_record: type === 'UPDATE' ? { id: record.id } : {},
          errors: null,
        },
      });
    }
  }
}
