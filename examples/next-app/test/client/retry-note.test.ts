// @vitest-environment jsdom
// The note a Retry hands to the page of the task it opened: shown once that page has mounted, also
// under StrictMode (`reactStrictMode: true` in next.config.ts, in force under `next dev`), which runs
// the page's mount effect twice.
import { StrictMode, act, createElement, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, test } from 'vitest';
import { handOffRetryNote, useHandedRetryNote } from '../../app/components/retry-note';

Object.assign(globalThis, { IS_REACT_ACT_ENVIRONMENT: true });

const FAILED = '11111111-1111-4111-8111-111111111111';
const ACTIVE = '22222222-2222-4222-8222-222222222222';
const NOTE = { text: 'You already have an active image task: one at a time, so Retry opened it instead of starting another.' };

function Page({ id }: { id: string }) {
  return createElement('p', null, useHandedRetryNote(id)?.text ?? '');
}

let mounted: { root: ReturnType<typeof createRoot>; container: HTMLElement } | undefined;
afterEach(async () => {
  await act(async () => mounted?.root.unmount());
  mounted = undefined;
  handOffRetryNote(FAILED, null);
});

/** Renders the page of `id` as Next does after a navigation (a new mount), optionally strict. */
async function show(id: string, strict: boolean): Promise<HTMLElement> {
  if (!mounted) {
    const container = document.createElement('div');
    mounted = { root: createRoot(container), container };
  }
  const page: ReactNode = createElement(Page, { key: id, id });
  await act(async () => mounted!.root.render(strict ? createElement(StrictMode, null, page) : page));
  return mounted.container;
}

describe('the note a Retry hands to the page it opened', () => {
  test.each([false, true])('is shown on that page (StrictMode: %s)', async (strict) => {
    const page = await show(FAILED, strict);
    handOffRetryNote(ACTIVE, NOTE);
    await show(ACTIVE, strict);
    expect(page.textContent).toBe(NOTE.text);
  });

  test('is taken once: another visit of that page, or another page, starts without it', async () => {
    handOffRetryNote(ACTIVE, NOTE);
    const page = await show(ACTIVE, true);
    expect(page.textContent).toBe(NOTE.text);
    await show(FAILED, true);
    expect(page.textContent).toBe('');
    await show(ACTIVE, true);
    expect(page.textContent).toBe('');
  });

  test('is not shown on the page of another task', async () => {
    handOffRetryNote(ACTIVE, NOTE);
    const page = await show(FAILED, false);
    expect(page.textContent).toBe('');
  });
});
