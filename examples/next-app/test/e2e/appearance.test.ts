import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { describe, test } from 'vitest';
import { screenshotOnFailure, startTask } from './browser';
import { browserMissingReason } from './env';
import { demoInBrowser } from './suite';

// The demo's pages in both colour schemes, in the states a visitor meets most (a failed task with
// Retry, a pending task warned about): no axe violation (colour contrast included), and the page
// follows the scheme the task components follow, so a dark card never sits on a light page.
const missing = browserMissingReason();
if (missing) console.warn(`[next-app e2e] appearance skipped: ${missing}`);

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const demo = demoInBrowser(missing);

/** Every axe violation on the page, as "rule: selector" lines (empty when there are none). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SOURCE });
  const results = (await page.evaluate(
    (tags) => (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<unknown> } }).axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    WCAG_AA,
  )) as AxeResults;
  return results.violations.flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.target.join(' ')}`));
}

/** Relative luminance (0 black … 1 white) of the background of the first element matching `selector`. */
function backgroundLuminance(page: Page, selector: string): Promise<number> {
  return page.locator(selector).first().evaluate((element) => {
    const [r, g, b] = (getComputedStyle(element).backgroundColor.match(/[\d.]+/g) ?? []).map(Number).map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  });
}

describe.skipIf(!!missing).concurrent('the demo in both colour schemes', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`${scheme}: no axe violations, and the page matches the task cards`, async ({ expect }) => {
      const context = await demo.browser.newContext({ baseURL: demo.app.url, colorScheme: scheme, viewport: { width: 1100, height: 1000 } });
      const page = await context.newPage();
      const isDark = (luminance: number) => luminance < 0.2;
      const expectScheme = async (selectors: string[]) => {
        for (const selector of selectors) expect(isDark(await backgroundLuminance(page, selector)), `${selector} in ${scheme}`).toBe(scheme === 'dark');
      };
      try {
        await page.goto('/');
        await screenshotOnFailure(page, `appearance-${scheme}`, async () => {
          // A failed task (danger block, Retry) and a pending one nobody picks up (warning, Cancel).
          await startTask(page, /^Fails with an error/, 'Generate an image');
          await startTask(page, /^Crashes before pick-up/, 'Write a report');
          const image = page.getByTestId('slot-demo_image').locator('.unstuck-card');
          const report = page.getByTestId('slot-demo_report').locator('.unstuck-card');
          await expect.poll(() => image.getAttribute('data-state'), { timeout: 20_000 }).toBe('failed');
          await expect.poll(() => report.getAttribute('data-health'), { timeout: 20_000 }).toMatch(/slow|stuck/);
          expect(await axeViolations(page)).toEqual([]);
          await expectScheme(['html', '.panel', '.unstuck-card']);

          await image.getByRole('link', { name: 'Details and timeline' }).click();
          await expect.poll(() => page.getByTestId('task-view').locator('.unstuck-timeline').textContent(), { timeout: 10_000 }).toMatch(/Failed/);
          expect(await axeViolations(page)).toEqual([]);
          await expectScheme(['html', '.panel', '.unstuck-card']);

          await page.getByRole('link', { name: 'History' }).click();
          await expect.poll(() => page.locator('table.history tbody tr').count(), { timeout: 10_000 }).toBe(2);
          expect(await axeViolations(page)).toEqual([]);
          await expectScheme(['html', 'table.history']);
          // Every cell of a row ends on the row's line (a block-level cell once drew its border 2 px off).
          const bottoms = await page.locator('table.history tbody tr').first().locator('td').evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().bottom));
          expect(new Set(bottoms).size, `cell bottoms ${bottoms.join(', ')}`).toBe(1);
        });
      } finally {
        await context.close();
      }
    });
  }
});
