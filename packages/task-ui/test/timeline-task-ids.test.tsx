import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TaskTimeline, type TaskEventLike } from '@unstuck/task-ui';
import { expectNoAxeViolations } from './axe';

/** What a sighted reader sees: the text without the visually hidden parts. */
function visibleText(element: HTMLElement): string {
  const copy = element.cloneNode(true) as HTMLElement;
  for (const hidden of copy.querySelectorAll('.unstuck-visually-hidden')) hidden.remove();
  return copy.textContent ?? '';
}

const NEW = '3f2a1b2c-9d8e-4f70-8a61-52b3c4d5e6f7';
const OLD = '6c1f3f5e-2a40-4c59-9a3e-0f1d2b7c9a10';

// The database writes the other task's id into `reason` for a retry: on the retried task's
// `retried` event (the new task), and on the new task's `submitted` event (the one it retries).
const retried: TaskEventLike = { id: 5, actor: 'user', kind: 'retried', reason: NEW, at: '2025-03-04T09:27:10.000Z' };
const submittedRetry: TaskEventLike = { id: 6, actor: 'user', kind: 'submitted', reason: OLD, at: '2025-03-04T09:27:10.000Z' };

describe('TaskTimeline entries that name another task', () => {
  it('shows the first 8 characters of the id; the rest is there for screen readers, never shown as the bare UUID', async () => {
    const { container } = render(<TaskTimeline events={[retried, submittedRetry]} />);
    const [first, second] = screen.getAllByRole('listitem');
    expect(visibleText(first!)).not.toContain(NEW);
    expect(visibleText(first!)).toContain('Retried');
    expect(visibleText(first!)).toContain('as 3f2a1b2c');
    expect(visibleText(second!)).not.toContain(OLD);
    expect(visibleText(second!)).toContain('as a retry of 6c1f3f5e');
    // A title is read by a mouse only: nothing else (keyboard, touch, most screen readers on
    // static text) reaches it. The whole id is text, its last 28 characters visually hidden.
    const id = within(first!).getByText('3f2a1b2c');
    expect(id.textContent).toBe(NEW);
    expect(id.querySelector('.unstuck-visually-hidden')?.textContent).toBe(NEW.slice(8));
    expect(within(second!).getByText('6c1f3f5e').textContent).toBe(OLD);
    expect(id.getAttribute('title')).toBe(NEW);
    expect(screen.queryByRole('link')).toBeNull();
    await expectNoAxeViolations(container);
  });

  it('links the id where the app gives taskHref, named by the whole id (its visible start first)', async () => {
    const { container } = render(<TaskTimeline events={[retried]} taskHref={(id) => `/tasks/${id}`} />);
    const link = screen.getByRole('link', { name: NEW });
    expect(link.getAttribute('href')).toBe(`/tasks/${NEW}`);
    expect(visibleText(link)).toBe('3f2a1b2c');
    await expectNoAxeViolations(container);
  });

  it('leaves other reasons as they are', () => {
    render(<TaskTimeline events={[{ id: 3, actor: 'reaper', kind: 'failed', reason: 'heartbeat_timeout', at: null }]} taskHref={(id) => `/tasks/${id}`} />);
    expect(screen.getByText('heartbeat_timeout')).toBeTruthy();
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('takes the words from messages; a kind with no words shows the short id alone', () => {
    render(<TaskTimeline events={[retried, { ...retried, id: 7, kind: 'constructor' }]} messages={{ eventTaskRef: { retried: 'als' } }} />);
    const [first, second] = screen.getAllByRole('listitem');
    expect(first!.textContent).toContain('als 3f2a1b2c');
    expect(second!.textContent).not.toContain('function');
    expect(within(second!).getByText('3f2a1b2c')).toBeTruthy();
  });
});
