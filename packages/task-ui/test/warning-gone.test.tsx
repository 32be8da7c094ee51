import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StuckTaskWarning, TaskAnnouncer, TaskCard, type TaskStatusLike } from '@unstuck/task-ui';
import { states } from '../stories/fixtures';

// A warning that goes away altogether (it renders nothing) and comes back later. On its own its
// live region goes with it: whatever it said then reached nobody, and must not wait in the region
// for the warning's next appearance. These tests record, step by step, the text of every live
// region in the page and which element has focus.

// Cancel went through and the worker acknowledged it: "cancelling", health ok, so no warning.
const gone = states.cancelling;
// The same task stuck again later (the worker fell silent while cancelling): the warning is back.
const stuckAgain = states.cancelNotAcknowledged;
// Cancel requested but the worker still silent: the warning stays, without its Cancel button.
const cancelRequested: TaskStatusLike = {
  ...states.stuckProcessing,
  task: { ...states.stuckProcessing.task, cancel_requested_at: states.stuckProcessing.task.started_at },
  isCancelling: true,
  canCancel: false,
};

let show: (status: TaskStatusLike) => void = () => {};

/** Holds the status as the hook would; Cancel moves it to `after`, `show` to anything else. */
function Harness({ initial, after, wrap }: { initial: TaskStatusLike; after: TaskStatusLike; wrap?: 'announcer' | 'card' }) {
  const [status, setStatus] = useState(initial);
  show = setStatus;
  const shown = { ...status, cancel: async () => setStatus(after) };
  if (wrap === 'card') return <TaskCard status={shown} />;
  const warning = <StuckTaskWarning status={shown} />;
  return wrap === 'announcer' ? <TaskAnnouncer>{warning}</TaskAnnouncer> : warning;
}

// Each step a second after the last: sentences said within 100 ms of each other share the region
// (see announcer.tsx), which is not what these steps are about.
const settle = async () => {
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
  vi.setSystemTime(Date.now() + 1000);
};
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});
const regions = () => screen.queryAllByRole('status').map((region) => region.textContent);
const focused = () => document.activeElement?.tagName;

async function cancelThenReturn(wrap?: 'announcer' | 'card', after: TaskStatusLike = gone, leaveFirst = false) {
  const user = userEvent.setup();
  render(<Harness initial={states.stuckProcessing} after={after} wrap={wrap} />);
  const steps: Array<{ step: string; regions: Array<string | null>; focused: string | undefined }> = [];
  const record = (step: string) => steps.push({ step, regions: regions(), focused: focused() });
  await settle();
  record('stuck');
  await user.click(screen.getByRole('button', { name: 'Cancel' }));
  await settle();
  record('after cancel');
  // The user moves on (focus to the page) before the warning goes: nothing for it to recover.
  if (leaveFirst) await act(async () => (document.activeElement as HTMLElement).blur());
  await act(async () => show(gone));
  await settle();
  record('gone');
  await act(async () => show(stuckAgain));
  await settle();
  record('back');
  return steps;
}

describe('StuckTaskWarning that goes away altogether', () => {
  it('on its own says nothing while gone and shows an empty region when it comes back', async () => {
    const steps = await cancelThenReturn();
    expect(steps).toEqual([
      { step: 'stuck', regions: [''], focused: 'BODY' },
      // The known limit: nothing is left in the page to hold focus or to speak.
      { step: 'after cancel', regions: [], focused: 'BODY' },
      { step: 'gone', regions: [], focused: 'BODY' },
      { step: 'back', regions: [''], focused: 'BODY' },
    ]);
  });

  it('on its own leaves no sentence said before it went away for its next appearance', async () => {
    const steps = await cancelThenReturn(undefined, cancelRequested);
    expect(steps).toEqual([
      { step: 'stuck', regions: [''], focused: 'BODY' },
      // Cancel went away, the warning stayed: its heading takes focus and its region speaks.
      { step: 'after cancel', regions: ['Image generation: Cancelling · stuck'], focused: 'H4' },
      { step: 'gone', regions: [], focused: 'BODY' },
      // A new region: the sentence of its last appearance is old news, not left for a screen
      // reader to come across.
      { step: 'back', regions: [''], focused: 'BODY' },
    ]);
  });

  it('on its own keeps nothing said before it went away, also when it had no focus to recover', async () => {
    const steps = await cancelThenReturn(undefined, cancelRequested, true);
    expect(steps).toEqual([
      { step: 'stuck', regions: [''], focused: 'BODY' },
      { step: 'after cancel', regions: ['Image generation: Cancelling · stuck'], focused: 'H4' },
      { step: 'gone', regions: [], focused: 'BODY' },
      { step: 'back', regions: [''], focused: 'BODY' },
    ]);
  });

  it('inside a TaskAnnouncer still says the change there, once', async () => {
    const steps = await cancelThenReturn('announcer');
    expect(steps).toEqual([
      { step: 'stuck', regions: [''], focused: 'BODY' },
      { step: 'after cancel', regions: ['Image generation: Cancelling'], focused: 'BODY' },
      { step: 'gone', regions: ['Image generation: Cancelling'], focused: 'BODY' },
      { step: 'back', regions: ['Image generation: Cancelling'], focused: 'BODY' },
    ]);
  });

  it('inside a TaskCard leaves it to the card: one region, its heading, each change said once', async () => {
    const steps = await cancelThenReturn('card');
    expect(steps).toEqual([
      { step: 'stuck', regions: [''], focused: 'BODY' },
      { step: 'after cancel', regions: ['Image generation: Cancelling'], focused: 'H3' },
      { step: 'gone', regions: ['Image generation: Cancelling'], focused: 'H3' },
      { step: 'back', regions: ['Image generation: Cancelling · stuck'], focused: 'H3' },
    ]);
  });
});
