// Every built story in Debian Chromium: rendered, its play function run in a real browser (the
// live story's whole crash-and-retry flow included), then axe-core with colour contrast, in the
// light and the dark scheme. Runs after `storybook build` (see the package's test script).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium, listStories, openStory, runAxe, serveStorybook, staticDir } from '../../scripts/storybook-browser.mjs';

const required = process.env.UNSTUCK_REQUIRE_BROWSER === '1';
const missing = !existsSync(chromiumPath) ? `no Chromium at ${chromiumPath}`
  : !existsSync(join(staticDir, 'index.json')) ? 'storybook-static is not built' : null;
if (missing && !required) console.log(`[browser stories] skipped: ${missing}`);

describe.skipIf(missing !== null && !required)('stories in Chromium', () => {
  const stories = missing ? [] : listStories();
  let server: Awaited<ReturnType<typeof serveStorybook>>;
  let browser: Browser;
  const pages = new Map<string, Page>();

  beforeAll(async () => {
    if (missing) throw new Error(`UNSTUCK_REQUIRE_BROWSER=1 but ${missing}`);
    server = await serveStorybook();
    browser = await launchChromium();
    for (const scheme of ['light', 'dark'] as const) {
      pages.set(scheme, await browser.newPage({ viewport: { width: 520, height: 400 }, colorScheme: scheme, reducedMotion: 'reduce' }));
    }
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
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
        await openStory(page, server.url, story.id, { waitForPlay: !live || scheme === 'light', timeout: 90_000 });
        expect(await runAxe(page)).toEqual([]);
      }, 120_000);
    }
  }
});
