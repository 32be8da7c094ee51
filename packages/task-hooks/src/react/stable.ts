import { useMemo } from 'react';
import type { TaskHealth } from '../core/health.types';
import type { TaskThresholds } from '../core/types';

/** The same health object for as long as it says the same thing (no re-render downstream). */
export function useStableHealth(h: TaskHealth): TaskHealth {
  const { state, reason, since, nextChangeAt } = h;
  return useMemo(() => ({ state, reason, since, nextChangeAt }), [state, reason, since, nextChangeAt]);
}

/** The same thresholds object for as long as the numbers are equal. */
export function useStableThresholds(t: TaskThresholds): TaskThresholds {
  const { pendingWarnAfterMs, pendingTimeoutMs, heartbeatWarnAfterMs, heartbeatTimeoutMs, maxRuntimeMs, cancelGraceMs } = t;
  return useMemo(
    () => ({ pendingWarnAfterMs, pendingTimeoutMs, heartbeatWarnAfterMs, heartbeatTimeoutMs, maxRuntimeMs, cancelGraceMs }),
    [pendingWarnAfterMs, pendingTimeoutMs, heartbeatWarnAfterMs, heartbeatTimeoutMs, maxRuntimeMs, cancelGraceMs],
  );
}
