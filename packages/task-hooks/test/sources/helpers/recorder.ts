// Records what a subscription reports, and waits for a condition on it with real timers.
import type { ConnectionState, SubscribeHandlers } from '../../../src/sources/source';

export interface Recorder extends SubscribeHandlers {
  hints: Array<readonly string[] | 'all'>;
  states: ConnectionState[];
  errors: Array<Error | undefined>;
}

export function recorder(): Recorder {
  const rec: Recorder = {
    hints: [],
    states: [],
    errors: [],
    onHint: (ids) => void rec.hints.push(ids),
    onConnection: (state, error) => {
      rec.states.push(state);
      rec.errors.push(error);
    },
  };
  return rec;
}

/** Polls `check` every 20 ms until it returns true, or fails after `timeoutMs` with `what`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
