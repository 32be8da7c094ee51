'use client';

import { isTaskId } from '@unstuck/task-hooks/core';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

/**
 * Both 404s of a task page. A client component because a not-found page gets no params, so only
 * the address tells them apart; nothing is lost by it, as Next serves a notFound() page's HTML as
 * its empty error shell and the browser draws this either way (vercel/next.js#62228). A malformed
 * id is told what an id looks like (and sees what it sent); a well-formed one that is not this
 * browser's task gets the same answer either way, on purpose.
 */
export default function TaskNotFound() {
  // Decoded, as the page decodes its param: `/tasks/%31111…` is a valid id (and the page's 404 for a
  // missing task), which the still-encoded segment would call "not a task id".
  const segment = decodedOrAsIs(usePathname().split('/').pop() ?? '');
  const echo = segment.slice(0, 80);
  if (!isTaskId(segment)) {
    return (
      <section className="notice" data-testid="malformed-id">
        <h1>That is not a task id</h1>
        <p>
          Task ids are UUIDs, like <span className="mono">1f0c3a52-7d1e-4c8b-9a4f-2b6e8d0c9e11</span>; this address has{' '}
          <span className="mono">{echo}</span>. Check the link, or find the task in your{' '}
          <Link href="/history">history</Link>.
        </p>
      </section>
    );
  }
  return (
    <section className="notice" data-testid="task-not-found">
      <h1>Task not found</h1>
      <p>
        There is no task with this id, or it belongs to someone else. Each browser has its own demo identity, so a link
        copied from another browser shows this page. Your own tasks are in your <Link href="/history">history</Link>.
      </p>
    </section>
  );
}

/** A segment that is not valid percent-encoding (`%E0%A4%A`) would make decodeURIComponent throw: shown as sent. */
function decodedOrAsIs(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
