// With reduced motion an indeterminate bar cannot slide. Drawn as a still, full bar it looked like
// a task at 100 %: it must stay visibly unlike a complete bar (track showing through it), while
// its semantics stay those of an unknown value (no aria-valuenow).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStory } from '../../scripts/storybook-browser.mjs';
import { skipBrowserPass, useStorybookPass } from './storybook-pass';

interface Drawn {
  animation: string;
  valuenow: string | null;
  /** Share of the track's middle row (its rounded ends left out) drawn in the track's colour. */
  trackShare: number;
}

/**
 * How the bar of the `index`th progress in the page is drawn, from pixels: a screenshot of its
 * track decoded in the page. `complete` first turns it into a bar at 100 % (same stylesheet).
 */
async function drawn(page: Page, index: number, complete = false): Promise<Drawn> {
  const progress = page.locator('.unstuck-progress').nth(index);
  if (complete) {
    await progress.evaluate((el: HTMLElement) => {
      el.dataset.state = 'determinate';
      el.style.setProperty('--unstuck-progress', '1');
    });
  }
  const track = progress.locator('.unstuck-progress-track');
  const png = (await track.screenshot()).toString('base64');
  return track.evaluate(async (el: HTMLElement, data: string) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const from = Math.floor(image.width * 0.1);
    const row = context.getImageData(from, Math.floor(image.height / 2), image.width - 2 * from, 1).data;
    const [r, g, b] = getComputedStyle(el).backgroundColor.match(/\d+/g)!.map(Number);
    let track = 0;
    for (let i = 0; i < row.length; i += 4) {
      if (Math.abs(row[i]! - r!) + Math.abs(row[i + 1]! - g!) + Math.abs(row[i + 2]! - b!) < 12) track += 1;
    }
    return {
      animation: getComputedStyle(el.querySelector('.unstuck-progress-bar')!).animationName,
      valuenow: el.getAttribute('aria-valuenow'),
      trackShare: Math.round((track / (row.length / 4)) * 100) / 100,
    };
  }, png);
}

describe.skipIf(skipBrowserPass('reduced motion'))('an indeterminate bar with reduced motion in Chromium', () => {
  const pass = useStorybookPass();
  const pages = new Map<string, Page>();
  beforeAll(async () => {
    for (const scheme of ['light', 'dark'] as const) pages.set(scheme, await pass.newPage({ reducedMotion: 'reduce', colorScheme: scheme }));
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`stands still and shows its track, unlike a complete bar (${scheme})`, async () => {
      const page = pages.get(scheme)!;
      // The story's second bar has no value: indeterminate.
      await openStory(page, pass.url, 'parts--progress');
      const unknown = await drawn(page, 1);
      expect(unknown.animation).toBe('none');
      expect(unknown.valuenow).toBeNull();
      // Visibly not full: a good part of the track shows through.
      expect(unknown.trackShare).toBeGreaterThan(0.2);
      // The same bar at 100 % hides its track.
      expect((await drawn(page, 1, true)).trackShare).toBeLessThan(0.02);
    }, 120_000);
  }

  it('keeps its stripes in forced colours, where the fill is Highlight', async () => {
    const page = await pass.newPage({ reducedMotion: 'reduce', forcedColors: 'active' });
    try {
      await openStory(page, pass.url, 'parts--progress');
      expect((await drawn(page, 1)).trackShare).toBeGreaterThan(0.2);
      expect((await drawn(page, 1, true)).trackShare).toBeLessThan(0.02);
    } finally {
      await page.close();
    }
  }, 120_000);
});
