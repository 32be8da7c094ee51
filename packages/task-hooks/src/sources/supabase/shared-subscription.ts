// One push channel shared by every subscriber of a source, opened by the first subscribe() and
// closed by the last unsubscribe (so React StrictMode's mount → unmount → mount opens it once more
// at most, never twice at the same time). Late subscribers are told the current connection state.
import type { ConnectionState, SubscribeHandlers } from '../source';

/** Opens the underlying channel, reporting through `emit`; returns the function that closes it. */
export type OpenChannel = (emit: SubscribeHandlers) => () => void;

export class SharedSubscription {
  private readonly subscribers = new Set<SubscribeHandlers>();
  private close: (() => void) | null = null;
  private state: ConnectionState = 'connecting';
  private lastError: Error | undefined;

  constructor(private readonly open: OpenChannel) {}

  /** How many subscribers share the channel now (for tests and devtools). */
  get size(): number {
    return this.subscribers.size;
  }

  subscribe(handlers: SubscribeHandlers): () => void {
    this.subscribers.add(handlers);
    if (this.subscribers.size === 1) {
      this.state = 'connecting';
      this.lastError = undefined;
      handlers.onConnection('connecting');
      this.close = this.open(this.emit);
    } else {
      handlers.onConnection(this.state, this.lastError);
    }
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.subscribers.delete(handlers);
      if (this.subscribers.size === 0) {
        const close = this.close;
        this.close = null;
        close?.();
      }
    };
  }

  private readonly emit: SubscribeHandlers = {
    onHint: (taskIds) => {
      for (const subscriber of [...this.subscribers]) guard(() => subscriber.onHint(taskIds));
    },
    onConnection: (state, error) => {
      if (state === this.state && error === this.lastError) return;
      this.state = state;
      this.lastError = error;
      for (const subscriber of [...this.subscribers]) guard(() => subscriber.onConnection(state, error));
    },
  };
}

/**
 * A throwing subscriber must not stop the others from hearing about a change. Its error is
 * reported (window.onerror in browsers) rather than rethrown, which would crash a Node server.
 */
function guard(run: () => void): void {
  try {
    run();
  } catch (error) {
    const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
    if (report) report(error);
    else console.error('[unstuck] a task subscriber threw', error);
  }
}
