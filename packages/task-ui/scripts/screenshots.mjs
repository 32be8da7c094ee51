#!/usr/bin/env node
// `pnpm --filter @unstuck/task-ui screenshots`: every story to PNG, light and dark, in Debian
// Chromium, into packages/task-ui/screenshots/ (git-ignored). The live story is captured at each
// step of its run. Prints axe violations per story and exits 1 if there are any.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureStorybookBuilt, launchChromium, listStories, openStory, waitForStory, packageDir, runAxe, serveStorybook } from './storybook-browser.mjs';

const outDir = join(packageDir, 'screenshots');
const LIVE_STEPS = [
  ['1-running', '[data-state="processing"][data-health="ok"]'],
  ['2-slow', '[data-health="slow"]'],
  ['3-stuck', '[data-state="processing"][data-health="stuck"]'],
  ['4-reaped', '[data-state="failed"]'],
  ['5-completed', '[data-state="completed"]'],
];

if (ensureStorybookBuilt()) console.log('built storybook-static');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const server = await serveStorybook();
const browser = await launchChromium();
const problems = [];
let files = 0;
try {
  for (const scheme of ['light', 'dark']) {
    const page = await browser.newPage({ viewport: { width: 520, height: 400 }, deviceScaleFactor: 1, colorScheme: scheme, reducedMotion: 'reduce' });
    for (const story of listStories()) {
      const started = Date.now();
      const live = story.id.startsWith('live-');
      await openStory(page, server.url, story.id, { waitForPlay: !live });
      if (live) {
        for (const [step, selector] of LIVE_STEPS) {
          await page.waitForSelector(`article${selector}`, { timeout: 60_000 });
          await page.screenshot({ path: join(outDir, `${story.id}.${step}.${scheme}.png`), fullPage: true });
          files += 1;
        }
        await waitForStory(page, story.id); // its play function ends with checks: they must pass
      } else {
        await page.screenshot({ path: join(outDir, `${story.id}.${scheme}.png`), fullPage: true });
        files += 1;
      }
      const violations = await runAxe(page);
      if (violations.length) problems.push(`${story.id} (${scheme}): ${violations.join('; ')}`);
      console.log(`${violations.length ? 'AXE ' : 'ok  '} ${scheme.padEnd(5)} ${story.id} ${Date.now() - started} ms`);
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`\n${files} screenshots in ${outDir}`);
if (problems.length) {
  console.log(`axe violations:\n${problems.join('\n')}`);
  process.exit(1);
}
