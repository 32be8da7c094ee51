import { describe, expect, it, vi } from 'vitest';
import type { SubscribeHandlers } from '../../src/sources/source';
import { SharedSubscription } from '../../src/sources/supabase/shared-subscription';
import { recorder } from './helpers/recorder';

describe('SharedSubscription', () => {
  it('opens on the first subscriber, closes after the last, and tells late joiners the state', () => {
    let emit: SubscribeHandlers | undefined;
    const close = vi.fn();
    const shared = new SharedSubscription((e) => {
      emit = e;
      return close;
    });
    const a = recorder();
    const stopA = shared.subscribe(a);
    expect(a.states).toEqual(['connecting']);
    emit!.onConnection('realtime');
    const b = recorder();
    const stopB = shared.subscribe(b);
    expect(b.states).toEqual(['realtime']);
    emit!.onHint(['x']);
    expect([a.hints, b.hints]).toEqual([[['x']], [['x']]]);
    stopA();
    stopA(); // idempotent
    expect(close).not.toHaveBeenCalled();
    stopB();
    expect(close).toHaveBeenCalledTimes(1);
    expect(shared.size).toBe(0);
  });

  it('keeps delivering to the others when one subscriber throws, and reports the error', () => {
    let emit: SubscribeHandlers | undefined;
    const shared = new SharedSubscription((e) => {
      emit = e;
      return () => undefined;
    });
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    shared.subscribe({ onHint: () => { throw new Error('boom'); }, onConnection: () => undefined });
    const ok = recorder();
    shared.subscribe(ok);
    emit!.onHint('all');
    expect(ok.hints).toEqual(['all']);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });
});
