import Link from 'next/link';

/** An id that is well-formed but not one of this browser's tasks: the same answer either way, on purpose. */
export default function TaskNotFound() {
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
