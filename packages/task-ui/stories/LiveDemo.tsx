// A real TaskProvider on the in-memory source: a simulated worker crashes half-way, the card
// turns slow, then stuck, the reaper (run like pg_cron) fails it, and Retry starts a new task
// that a healthy worker completes. `timeScale` shrinks every duration for tests.
import { TaskProvider } from '@unstuck/task-hooks';
import { createMemorySource, createSimulatedWorker, type MemorySource, type SimulatedWorker } from '@unstuck/task-hooks/testing';
import { ConnectedTaskCard } from '@unstuck/task-ui/connected';
import { useEffect, useState } from 'react';

export interface LiveDemoProps {
  /** Multiplies every duration; 1 is paced for people watching. @default 1 */
  timeScale?: number;
}

const TYPE = 'image_generation';

function createDemoSource(scale: number): MemorySource {
  const ms = (n: number) => Math.max(1, Math.round(n * scale));
  return createMemorySource({
    latencyMs: ms(120),
    // Polling, not the push channel: with hints, a change that lands while a fetch is in flight
    // was seen to be missed until the 30 s safety poll (reported to task-hooks), which made a
    // live worker look stuck. Polling every second shows the demo as it is.
    realtime: false,
    types: {
      [TYPE]: {
        pendingWarnAfterMs: ms(4_000), pendingTimeoutMs: ms(12_000),
        heartbeatWarnAfterMs: ms(2_500), heartbeatTimeoutMs: ms(6_000),
        maxRuntimeMs: ms(120_000), cancelGraceMs: ms(4_000),
      },
    },
  });
}

export function LiveDemo({ timeScale = 1 }: LiveDemoProps) {
  const [source] = useState(() => createDemoSource(timeScale));
  const [workers] = useState<SimulatedWorker[]>([]);
  const [taskId, setTaskId] = useState<string | null>(null);
  const ms = (n: number) => Math.max(1, Math.round(n * timeScale));

  useEffect(() => {
    let live = true;
    // The reaper runs on a schedule, like pg_cron: the card shows "stuck" until its next pass.
    const reaper = setInterval(() => source.reap(), ms(8_000));
    void source.submit(TYPE, { prompt: 'a lighthouse at dusk' }).then(({ task }) => {
      if (!live) return;
      workers.push(createSimulatedWorker(source, { taskId: task.id, scenario: 'crash_mid_task', startDelayMs: ms(800), durationMs: ms(4_000), steps: 6 }));
      setTaskId(task.id);
    });
    return () => {
      live = false;
      clearInterval(reaper);
      workers.forEach((worker) => worker.stop());
    };
    // Runs once per mounted demo; `ms` only scales constants.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source, workers]);

  const healthyWorkerFor = (id: string) => {
    workers.push(createSimulatedWorker(source, { taskId: id, scenario: 'succeed', startDelayMs: ms(600), durationMs: ms(3_000), steps: 4, result: { url: 'https://example.com/lighthouse.png' } }));
  };

  return (
    <TaskProvider source={source} pollInterval={ms(1_000)} elapsedTickMs={1_000}>
      {taskId ? (
        <ConnectedTaskCard taskId={taskId} onTaskChange={healthyWorkerFor} supportHref="#support" showTimeline />
      ) : (
        <p>Submitting a task…</p>
      )}
    </TaskProvider>
  );
}
