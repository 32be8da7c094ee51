import { act } from '@testing-library/react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { TaskTimeline } from '@unstuck/task-ui';

const events = [{ id: 1, kind: 'submitted', actor: 'user', at: '2026-12-04T23:30:00.000Z' }];

describe('TaskTimeline hydration', () => {
  it('hydrates without a mismatch, then shows the reader\'s local time', async () => {
    const container = document.createElement('div');
    container.innerHTML = renderToString(<TaskTimeline events={events} />);
    expect(container.querySelector('time')?.textContent).toMatch(/UTC$/);
    const onRecoverableError = vi.fn();
    await act(async () => {
      hydrateRoot(container, <TaskTimeline events={events} />, { onRecoverableError });
    });
    expect(onRecoverableError).not.toHaveBeenCalled();
    const local = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' })
      .format(Date.parse(events[0]!.at));
    expect(container.querySelector('time')?.textContent).toBe(local);
  });
});
