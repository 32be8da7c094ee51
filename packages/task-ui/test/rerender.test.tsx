import { act, render } from '@testing-library/react';
import { Profiler, useState, type ProfilerOnRenderCallback } from 'react';
import { describe, expect, it } from 'vitest';
import { TaskAnnouncer, TaskCard, type TaskStatusLike } from '@unstuck/task-ui';
import { states } from '../stories/fixtures';

const COUNT = 200;

/** Figures for BENCHMARKS.md: how many cards re-render when one task of 200 changes. */
describe('a list of 200 task cards', () => {
  it('re-renders only the card whose task changed', () => {
    const renders = new Map<string, number>();
    let commitMs = 0;
    // `messages.title` runs once per render of a card without a `title`, with the card's task
    // type: a render counter that sits inside the memoised card, unlike a Profiler around it.
    const messages = { title: (type: string | null) => {
      renders.set(type!, (renders.get(type!) ?? 0) + 1);
      return type!;
    } };
    const initial: TaskStatusLike[] = Array.from({ length: COUNT }, (_, i) => ({
      ...states.processingWithProgress,
      task: { ...states.processingWithProgress.task, id: `task-${i}`, type: `task-${i}` },
    }));
    let setStatuses: (next: TaskStatusLike[]) => void = () => {};
    const onRender: ProfilerOnRenderCallback = (_id, _phase, actualDuration) => { commitMs = actualDuration; };
    function List() {
      const [statuses, set] = useState(initial);
      setStatuses = set;
      return (
        <Profiler id="list" onRender={onRender}>
          <TaskAnnouncer>
            {statuses.map((status, i) => <TaskCard key={`task-${i}`} status={status} messages={messages} />)}
          </TaskAnnouncer>
        </Profiler>
      );
    }
    const mountStart = performance.now();
    render(<List />);
    const mountMs = performance.now() - mountStart;
    const mountCommitMs = commitMs;
    expect(renders.size).toBe(COUNT);
    renders.clear();

    const changed = initial.slice();
    changed[57] = { ...initial[57]!, task: { ...initial[57]!.task!, progress: 0.46 } };
    const updateStart = performance.now();
    act(() => setStatuses(changed));
    const updateMs = performance.now() - updateStart;

    expect([...renders.keys()]).toEqual(['task-57']);
    expect(renders.get('task-57')).toBe(1);
    const changedCards = renders.size;
    const updateCommitMs = commitMs;

    // A poll that brings identical objects (the hooks keep references) renders no card at all.
    renders.clear();
    act(() => setStatuses(changed.slice()));
    expect(renders.size).toBe(0);
    console.log(`[bench] ${COUNT} cards: mount ${mountMs.toFixed(1)} ms (React commit ${mountCommitMs.toFixed(1)} ms); ` +
      `one task changes: ${changedCards} card re-rendered, update ${updateMs.toFixed(1)} ms (React commit ${updateCommitMs.toFixed(2)} ms); same objects again: 0 cards`);
  });
});
