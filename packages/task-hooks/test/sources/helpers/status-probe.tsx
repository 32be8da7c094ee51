// A component that records every result of useTaskStatus, for tests that assert the sequence.
import type { TaskStatusResult } from '../../../src/react/types';
import { useTaskStatus } from '../../../src/react/use-task-status';

export function StatusProbe({ id, log }: { id: string; log: TaskStatusResult[] }) {
  log.push(useTaskStatus(id, { liveElapsed: false }));
  return null;
}
