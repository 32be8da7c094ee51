// Every built story in Debian Chromium: rendered, its play function run in a real browser (the
// live story's whole crash-and-retry flow included), then axe-core with colour contrast, in the
// light and the dark scheme. Runs after `storybook build` (see the package's test script).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { listStories, openStory, runAxe } from '../../scripts/storybook-browser.mjs';
import { browserMissing, skipBrowserPass, useStorybookPass } from './storybook-pass';

describe.skipIf(skipBrowserPass('stories'))('stories in Chromium', () => {
  const stories = browserMissing ? [] : listStories();
  const pass = useStorybookPass();
  const pages = new Map<string, Page>();

  beforeAll(async () => {
    for (const scheme of ['light', 'dark'] as const) pages.set(scheme, await pass.newPage({ colorScheme: scheme }));
  });

  it('found the stories', () => {
    expect(stories.length).toBeGreaterThanOrEqual(30);
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const story of stories) {
      const live = story.id.startsWith('live-');
      // The live story's flow is checked once (light); in dark it is only rendered and checked.
      it(`${scheme}: ${story.id} plays and has no axe violations`, async () => {
        const page = pages.get(scheme)!;
        await openStory(page, pass.url, story.id, { waitForPlay: !live || scheme === 'light', timeout: 90_000 });
        expect(await runAxe(page)).toEqual([]);
      }, 120_000);
    }
  }
});
