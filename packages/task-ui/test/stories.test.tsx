// Every story runs as a test: rendered through its composed decorators, its play function run
// (clicking Cancel / Retry where a story has one), then checked with axe.
import { composeStories, setProjectAnnotations } from '@storybook/react-vite';
import { describe, expect, it } from 'vitest';
import preview from '../.storybook/preview';
import * as badInputStories from '../stories/BadInput.stories';
import * as liveStories from '../stories/Live.stories';
import * as partsStories from '../stories/Parts.stories';
import * as cardStories from '../stories/TaskCard.stories';
import { expectNoAxeViolations } from './axe';

setProjectAnnotations(preview);

type Composed = { run: (context?: { canvasElement?: HTMLElement }) => Promise<void>; load: () => Promise<void> };
const modules: Record<string, Record<string, Composed>> = {
  'TaskCard/States': composeStories(cardStories),
  'TaskCard/Bad input': composeStories(badInputStories),
  Parts: composeStories(partsStories),
  // The live story at a quarter of its human pace: real timers, about 4 s.
  Live: composeStories({ ...liveStories, default: { ...liveStories.default, args: { timeScale: 0.25 } } }),
};

for (const [title, stories] of Object.entries(modules)) {
  describe(title, () => {
    for (const [name, Story] of Object.entries(stories)) {
      it(`${name} renders, plays and has no axe violations`, async () => {
        const canvasElement = document.body.appendChild(document.createElement('div'));
        try {
          await Story.run({ canvasElement });
          expect(canvasElement.textContent).not.toBe('');
          await expectNoAxeViolations(canvasElement);
        } finally {
          // `load()` first runs the last render's cleanups, unmounting the story. Otherwise only the
          // next story's run unmounts it, and the file's last story (the live one, a TaskProvider
          // still refetching) outlives the file: its late React update met a torn-down jsdom
          // ("window is not defined", an unhandled error that fails the run).
          await Story.load();
          canvasElement.remove();
        }
      });
    }
  });
}
