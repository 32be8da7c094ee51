// Another task's id in a timeline: the whole id is its text (what screen readers read and a
// selection copies). Linked, it is shown as its first 8 characters until pointed at or focused
// from the keyboard (the link is the tab stop that expands it). Unlinked, nothing could be
// focused to expand it, so it is shown whole: no tab stop is added to reveal it, and a title
// tooltip would reach mouse users only.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStory } from '../../scripts/storybook-browser.mjs';
import { skipBrowserPass, useStorybookPass } from './storybook-pass';

const RETRIED = '3f2a1b2c-9d8e-4f70-8a61-52b3c4d5e6f7'; // parts--timeline, not linked
const RETRY_OF = '6c1f3f5e-2a40-4c59-9a3e-0f1d2b7c9a10'; // parts--timeline-of-a-retry, linked

/** How many characters of the id show: those drawn inside its box (clipped at 8ch, or whole). */
const shownCharacters = (page: Page) => page.evaluate(() => {
  const code = document.querySelector<HTMLElement>('.unstuck-task-id')!;
  const box = code.getBoundingClientRect();
  const text = code.firstChild!;
  const range = document.createRange();
  let shown = 0;
  for (let i = 0; i < code.textContent!.length; i += 1) {
    range.setStart(text, i);
    range.setEnd(text, i + 1);
    const glyph = range.getBoundingClientRect();
    if (glyph.left >= box.left - 0.5 && glyph.right <= box.right + 0.5 && glyph.top >= box.top - 0.5 && glyph.bottom <= box.bottom + 0.5) shown += 1;
  }
  return shown;
});

describe.skipIf(skipBrowserPass('task id'))("another task's id in Chromium", () => {
  const pass = useStorybookPass();
  let page: Page;
  beforeAll(async () => {
    page = await pass.newPage();
  });
  /** The story mounted anew: no focus, hover or inline width left by the test before. */
  const freshStory = async (id: string) => {
    await openStory(page, pass.url, 'parts--progress');
    await openStory(page, pass.url, id);
  };

  it('shows an unlinked id whole, with no hover or focus, reads and copies it, and adds no tab stop', async () => {
    await openStory(page, pass.url, 'parts--timeline');
    expect(await shownCharacters(page)).toBe(36);
    const selected = await page.evaluate(() => {
      getSelection()!.selectAllChildren(document.querySelector('.unstuck-task-id')!.closest('li')!);
      return getSelection()!.toString();
    });
    expect(selected).toContain(`as ${RETRIED}`);
    await page.evaluate(() => getSelection()!.removeAllRanges());
    // Nothing in the timeline is a tab stop: the id needs none to be read whole.
    expect(await page.evaluate(() => document.querySelectorAll('.unstuck-timeline :is(a[href], button, [tabindex]:not([tabindex="-1"]))').length)).toBe(0);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('.unstuck-timeline') ?? null)).toBeNull();
  }, 120_000);

  it('keeps a whole unlinked id inside its entry however narrow the timeline, in either direction', async () => {
    await openStory(page, pass.url, 'parts--timeline');
    for (const dir of ['ltr', 'rtl']) {
      for (let width = 120; width <= 360; width += 40) {
        const fit = await page.evaluate(([w, d]) => {
          document.documentElement.dir = d;
          document.querySelector<HTMLElement>('.unstuck-timeline')!.style.width = `${w}px`;
          const code = document.querySelector<HTMLElement>('.unstuck-task-id')!;
          const item = code.closest('li')!.getBoundingClientRect();
          const range = document.createRange();
          let outside = 0; // characters drawn outside the entry
          for (let i = 0; i < code.textContent!.length; i += 1) {
            range.setStart(code.firstChild!, i);
            range.setEnd(code.firstChild!, i + 1);
            const glyph = range.getBoundingClientRect();
            if (glyph.left < item.left - 0.5 || glyph.right > item.right + 0.5) outside += 1;
          }
          const first = document.createRange();
          first.setStart(code.firstChild!, 0);
          first.setEnd(code.firstChild!, 1);
          return { outside, startsLeft: Math.round(first.getClientRects()[0]!.left) <= Math.round(code.getClientRects()[0]!.left) };
        }, [width, dir] as const);
        expect({ dir, width, ...fit }).toEqual({ dir, width, outside: 0, startsLeft: true });
        expect(await shownCharacters(page)).toBe(36);
      }
    }
    await page.evaluate(() => {
      document.documentElement.dir = 'ltr';
    });
  }, 120_000);

  it('shows 8 characters of a linked id, and the whole id on hover', async () => {
    await page.mouse.move(0, 0);
    await openStory(page, pass.url, 'parts--timeline-of-a-retry');
    expect(await shownCharacters(page)).toBe(8);
    const box = (await page.locator('.unstuck-task-id').boundingBox())!;
    await page.mouse.move(box.x + 4, box.y + box.height / 2);
    expect(await shownCharacters(page)).toBe(36);
  }, 120_000);

  it('names the link by the whole id, in one piece, and shows it all while the link has keyboard focus', async () => {
    await page.mouse.move(0, 0);
    await openStory(page, pass.url, 'parts--timeline-of-a-retry');
    expect(await page.getByRole('link', { name: RETRY_OF, exact: true }).count()).toBe(1);
    expect(await shownCharacters(page)).toBe(8);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('unstuck-link');
    expect(await shownCharacters(page)).toBe(36);
  }, 120_000);

  it('shows the start of a linked id in a right-to-left page too', async () => {
    await page.mouse.move(0, 0);
    await openStory(page, pass.url, 'parts--timeline-of-a-retry');
    const start = await page.evaluate(() => {
      document.documentElement.dir = 'rtl';
      const code = document.querySelector<HTMLElement>('.unstuck-task-id')!;
      const range = document.createRange();
      range.setStart(code.firstChild!, 0);
      range.setEnd(code.firstChild!, 1);
      // The first character sits inside the box's shown part.
      const first = range.getBoundingClientRect();
      const box = code.getBoundingClientRect();
      return first.left >= box.left - 0.5 && first.right <= box.right + 0.5;
    });
    expect(start).toBe(true);
  }, 120_000);

  // WCAG 1.4.13 (hoverable): the whole id must stay shown while the pointer is on it. In a narrow
  // timeline the wider id once pushed the reason onto the next line, out from under the pointer:
  // hover lost, the id shrank, the reason came back, again. Widths vary with the fonts, so a range.
  it('keeps the reason on its line while a linked id is hovered in a narrow timeline, in either direction', async () => {
    await page.mouse.move(0, 0);
    await freshStory('parts--timeline-of-a-retry');
    for (const dir of ['ltr', 'rtl']) {
      for (let width = 180; width <= 360; width += 20) {
        await page.mouse.move(0, 0);
        const before = await page.evaluate(([w, d]) => {
          document.documentElement.dir = d;
          document.querySelector<HTMLElement>('.unstuck-timeline')!.style.width = `${w}px`;
          const code = document.querySelector('.unstuck-task-id')!;
          const range = document.createRange();
          range.setStart(code.firstChild!, 0);
          range.setEnd(code.firstChild!, 1);
          return { top: code.closest('.unstuck-timeline-reason')!.getBoundingClientRect().top, start: Math.round(range.getClientRects()[0]!.left) };
        }, [width, dir] as const);
        const box = (await page.locator('.unstuck-task-id').boundingBox())!;
        // The id's first characters, whichever side of the line they are on.
        await page.mouse.move(box.x + 4, box.y + box.height / 2);
        // Chromium re-checks what is under a still pointer after layout, on the next frames.
        await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
        const after = await page.evaluate(() => {
          const code = document.querySelector<HTMLElement>('.unstuck-task-id')!;
          const range = document.createRange();
          range.setStart(code.firstChild!, 0);
          range.setEnd(code.firstChild!, 1);
          const first = range.getClientRects()[0]!;
          const shown = code.getBoundingClientRect();
          const item = code.closest('li')!.getBoundingClientRect();
          let hidden = 0; // characters drawn outside the id's box (clipped)
          for (let i = 0; i < code.textContent!.length; i += 1) {
            range.setStart(code.firstChild!, i);
            range.setEnd(code.firstChild!, i + 1);
            const glyph = range.getBoundingClientRect();
            if (glyph.left < shown.left - 0.5 || glyph.right > shown.right + 0.5) hidden += 1;
          }
          return {
            whole: hidden === 0,
            // The id's first character did not move: it stays where the pointer is.
            start: Math.round(first.left),
            top: code.closest('.unstuck-timeline-reason')!.getBoundingClientRect().top,
            hovered: code.matches(':hover'),
            // The id's start shows, and the expanded id stays inside its entry.
            startShown: first.left >= shown.left - 0.5 && first.right <= shown.right + 0.5,
            inside: shown.left >= item.left - 0.5 && shown.right <= item.right + 0.5,
          };
        });
        // Right to left, the left-to-right id grows leftwards from "as", so its first character
        // moves; there the pointer staying on it (`hovered`) is what counts.
        const start = dir === 'ltr' ? before.start : after.start;
        expect({ dir, width, ...after }).toEqual({ dir, width, top: before.top, start, hovered: true, whole: true, startShown: true, inside: true });
      }
    }
    await page.evaluate(() => {
      document.documentElement.dir = 'ltr';
    });
  }, 120_000);

  // A router's link component may wrap what it is given (`<a><span>{children}</span></a>`): the
  // id is then not the focused link's child, only its descendant.
  it('shows the whole id while a link component that wraps its children has keyboard focus', async () => {
    await page.mouse.move(0, 0);
    await freshStory('parts--timeline-of-a-retry');
    await page.evaluate(() => {
      const link = document.querySelector('.unstuck-link')!;
      const wrapper = document.createElement('span');
      wrapper.append(...link.childNodes);
      link.append(wrapper);
    });
    expect(await page.evaluate(() => document.querySelector('.unstuck-link > span > .unstuck-task-id') !== null)).toBe(true);
    expect(await shownCharacters(page)).toBe(8);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('unstuck-link');
    expect(await shownCharacters(page)).toBe(36);
  }, 120_000);
});
