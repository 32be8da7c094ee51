// @vitest-environment jsdom
// A safety poll interval meant as "never" (a huge finite number: Infinity already falls back to
// the default) reaches useActiveTask's refetchInterval, a setInterval; from 2 ** 31 ms on it
// overflows and fires every millisecond, reading the active task in a loop.
import { describe, expect, it } from 'vitest';
import { useActiveTask } from '../../src/react/use-active-task';
import { createMemorySource } from '../../src/testing/memory-source';
import { advance, renderWithSource, withFakeClock } from './harness';

withFakeClock();

function ActiveTask() {
  useActiveTask('export');
  return null;
}

describe.each([2 ** 31, Number.MAX_SAFE_INTEGER])('a safetyPollInterval of %d ms', (interval) => {
  it('reads the active task once at mount, not every millisecond', async () => {
    const source = createMemorySource();
    renderWithSource(source, <ActiveTask />, { safetyPollInterval: interval });
    await advance(1_000);
    expect(source.stats.calls.fetchActiveTask).toBe(1);
  });
});
