import { render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { TaskTimeline, type TaskEventLike } from '@unstuck/task-ui';
import { expectNoAxeViolations } from './axe';

const NEW = '3f2a1b2c-9d8e-4f70-8a61-52b3c4d5e6f7';
const OLD = '6c1f3f5e-2a40-4c59-9a3e-0f1d2b7c9a10';

// The database writes the other task's id into `reason` for a retry: on the retried task's
// `retried` event (the new task), and on the new task's `submitted` event (the one it retries).
const retried: TaskEventLike = { id: 5, actor: 'user', kind: 'retried', reason: NEW, at: '2025-03-04T09:27:10.000Z' };
const submittedRetry: TaskEventLike = { id: 6, actor: 'user', kind: 'submitted', reason: OLD, at: '2025-03-04T09:27:10.000Z' };

describe('TaskTimeline entries that name another task', () => {
  it('names the other task by its whole id in the text, never only in a title', async () => {
    const { container } = render(<TaskTimeline events={[retried, submittedRetry]} />);
    const [first, second] = screen.getAllByRole('listitem');
    expect(first!.textContent).toContain('Retried');
    expect(first!.textContent).toContain(`as ${NEW}`);
    expect(second!.textContent).toContain(`as a retry of ${OLD}`);
    // A title reaches mouse users only: keyboard and touch users cannot show it, and screen
    // readers mostly skip it on static text. The id is the text; the stylesheet shows a linked
    // one as its first 8 characters, an unlinked one whole (test/browser/task-id.browser.test.ts).
    const id = within(first!).getByText(NEW);
    expect(id.className).toBe('unstuck-task-id');
    expect(id.hasAttribute('title')).toBe(false);
    expect(within(second!).getByText(OLD).className).toBe('unstuck-task-id');
    expect(screen.queryByRole('link')).toBeNull();
    await expectNoAxeViolations(container);
  });

  it('links the id where the app gives taskHref, the link named by the whole id', async () => {
    const { container } = render(<TaskTimeline events={[retried]} taskHref={(id) => `/tasks/${id}`} />);
    const link = screen.getByRole('link', { name: NEW });
    expect(link.getAttribute('href')).toBe(`/tasks/${NEW}`);
    expect(within(link).getByText(NEW).className).toBe('unstuck-task-id');
    await expectNoAxeViolations(container);
  });

  it("renders the link with the app's own component (a router's Link) when it gives linkAs", async () => {
    const seen: unknown[] = [];
    function RouterLink({ href, className, children }: { href: string; className: string; children: ReactNode }) {
      seen.push(href);
      return <a href={href} className={className} data-router="">{children}</a>;
    }
    const { container } = render(<TaskTimeline events={[retried]} taskHref={(id) => `/tasks/${id}`} linkAs={RouterLink} />);
    const link = screen.getByRole('link', { name: NEW });
    expect(link.hasAttribute('data-router')).toBe(true);
    expect(link.getAttribute('class')).toBe('unstuck-link');
    expect(seen).toEqual([`/tasks/${NEW}`]);
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
    expect(first!.textContent).toContain(`als ${NEW}`);
    expect(second!.textContent).not.toContain('function');
    expect(within(second!).getByText(NEW)).toBeTruthy();
  });
});
