import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, SCREENSHOT_DIR } from './env';

/** Debian's Chromium; playwright gives every launch a fresh temporary profile (user-data-dir). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface CardSample {
  /** ms since the recorder started (page load). */
  t: number;
  /** Wall clock (Date.now()) of the sample: the same machine's clock as the database here. */
  w: number;
  slot: string;
  state: string | null;
  health: string | null;
  text: string;
}

/**
 * Samples every task card's `data-state` / `data-health` every 50 ms inside the page and keeps
 * each change, so a test can assert the whole sequence (e.g. "never slow") after the fact.
 */
const RECORDER = `
  window.__cards = [];
  const last = {};
  const t0 = performance.now();
  setInterval(() => {
    document.querySelectorAll('[data-testid^="slot-"], [data-testid="task-view"]').forEach((slot) => {
      const card = slot.querySelector('.unstuck-card');
      const key = slot.getAttribute('data-testid');
      const sample = { slot: key, state: card?.getAttribute('data-state') ?? null, health: card?.getAttribute('data-health') ?? null };
      const sig = sample.state + '/' + sample.health;
      if (last[key] !== sig) {
        last[key] = sig;
        window.__cards.push({ t: Math.round(performance.now() - t0), w: Date.now(), ...sample, text: card?.textContent ?? '' });
      }
    });
  }, 50);
`;

/** A new browser context is a new demo user: its own cookie, so its own identity. */
export async function newUser(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1100, height: 1000 } });
  await context.addInitScript(RECORDER);
  const page = await context.newPage();
  return { context, page };
}

export async function cardSamples(page: Page, slot?: string): Promise<CardSample[]> {
  const all = (await page.evaluate('window.__cards')) as CardSample[];
  return slot ? all.filter((s) => s.slot === slot) : all;
}

/** Runs `fn`; on failure saves a full-page screenshot (test-results/screenshots, git-ignored). */
export async function screenshotOnFailure<T>(page: Page, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, `${name.replace(/[^\w-]+/g, '_')}.png`);
    await page.screenshot({ path, fullPage: true }).catch(() => undefined);
    throw new Error(`${(error as Error).message}\n(screenshot: ${path})`, { cause: error });
  }
}

/** Picks a scenario and presses the type's button on the generator page. */
export async function startTask(page: Page, scenarioLabel: RegExp, button: string): Promise<void> {
  await page.getByLabel(scenarioLabel).check();
  await page.getByRole('button', { name: button }).click();
}

/**
 * Records the round trips of the page's server-clock samples (`/api/tasks/time`). The hooks take
 * the server clock at the midpoint of a round trip, so their estimate can be off by up to half
 * of the fastest one: the tolerance a "not before the threshold" assertion has to allow.
 */
export function recordClockSamples(page: Page): () => number {
  const rtts: number[] = [];
  page.on('requestfinished', (request) => {
    if (!request.url().endsWith('/api/tasks/time')) return;
    const timing = request.timing();
    if (timing.responseEnd > 0) rtts.push(timing.responseEnd);
  });
  return () => (rtts.length === 0 ? 0 : Math.min(...rtts) / 2); // none seen: no tolerance
}
