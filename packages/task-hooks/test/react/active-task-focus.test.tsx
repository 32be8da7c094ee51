// @vitest-environment jsdom
// A type's active task is read again when the tab comes back to the front, whatever the app's
// QueryClient says about window focus: the task may have been started in another tab meanwhile,
// and the slot would say "none" (its button offering a start) until the 30 s safety poll.
import { QueryClient, focusManager } from '@tanstack/react-query';
import { act } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useActiveTask } from '../../src/react/use-active-task';
import { createMemorySource } from '../../src/testing/memory-source';
import { advance, renderWithSource, withFakeClock } from './harness';

function Slot({ log }: { log: Array<string | null | undefined> }) {
  const { task } = useActiveTask('export');
  log.push(task === undefined ? undefined : (task?.id ?? null));
  return null;
}

withFakeClock();
afterEach(() => focusManager.setFocused(undefined));

describe('useActiveTask and a tab coming back to the front', () => {
  it('reads the slot again, even under an app default of refetchOnWindowFocus: false', async () => {
    const source = createMemorySource({ types: { export: { exclusive: true } } });
    const log: Array<string | null | undefined> = [];
    const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } });
    renderWithSource(source, <Slot log={log} />, { queryClient });
    await advance(1_000);
    expect(log.at(-1)).toBeNull();

    act(() => focusManager.setFocused(false));
    const { task } = source.store.submit('export', {}); // another tab of the same user
    act(() => focusManager.setFocused(true));
    await advance(1_000); // well before the 30 s safety poll
    expect(log.at(-1)).toBe(task.id);
  });
});
