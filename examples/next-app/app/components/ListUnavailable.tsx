'use client';

import { isTaskError } from '@unstuck/task-hooks/core';

/**
 * What the history says while its list cannot be read: that it is trying again on its own (a
 * retryable failure: the server or the connection is down) or why it stopped, with a button to
 * try now either way, instead of "Loading your tasks…" for as long as the failure lasts.
 */
export function ListUnavailable({ failure, onRetry }: { failure: unknown; onRetry: () => void }) {
  const retrying = isTaskError(failure) && failure.retryable;
  return (
    <div className="panel note" role="status" data-testid="history-unavailable">
      <p>
        {retrying
          ? 'The server cannot list your tasks right now; trying again on its own.'
          : `Your tasks could not be listed: ${failure instanceof Error ? failure.message : String(failure)}`}
      </p>
      <button type="button" onClick={onRetry}>
        Try again now
      </button>
    </div>
  );
}
