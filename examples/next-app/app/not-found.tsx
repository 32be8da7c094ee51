import Link from 'next/link';

/** Any address the app does not know. */
export default function NotFound() {
  return (
    <section className="notice" data-testid="not-found">
      <h1>Page not found</h1>
      <p>There is no page at this address. The demo has three pages:</p>
      <ul>
        <li>
          <Link href="/">Generator</Link>: start a task and watch it.
        </li>
        <li>
          <Link href="/history">History</Link>: every task you started.
        </li>
        <li>A task&apos;s own page, linked from the history.</li>
      </ul>
    </section>
  );
}
