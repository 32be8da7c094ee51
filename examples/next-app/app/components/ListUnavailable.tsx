'use client';

import { isUnavailableForNow } from '../../lib/client/listing';

/**
 * What the history says while its list cannot be read: that it is trying again on its own (a
 * failure the server will get past: it or its database is down for now) or why it stopped, with a button to
 * try now either way, instead of "Loading your tasks…" for as long as the failure lasts.
 */
export function ListUnavailable({ failure, onRetry }: { failure: unknown; onRetry: () => void }) {
  const retrying = isUnavailableForNow(failure);
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
