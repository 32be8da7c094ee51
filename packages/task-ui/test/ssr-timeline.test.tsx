// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';

const events = [{ id: 1, kind: 'submitted', actor: 'user', at: '2026-12-04T23:30:00.000Z' }];

/** Server HTML of a timeline rendered by a fresh module graph in the time zone `tz`. */
async function serverHtml(tz: string): Promise<string> {
  process.env.TZ = tz;
  vi.resetModules();
  const { createElement } = await import('react');
  const { renderToString } = await import('react-dom/server');
  const { TaskTimeline } = await import('@unstuck/task-ui');
  return renderToString(createElement(TaskTimeline, { events }));
}

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

describe('TaskTimeline server render', () => {
  it('does not depend on the server time zone (the client hydrates in its own)', async () => {
    // A server in UTC and a browser in Berlin would format the same instant differently, and
    // React would reject the hydration.
    const utc = await serverHtml('UTC');
    const berlin = await serverHtml('Europe/Berlin');
    expect(berlin).toBe(utc);
  });
});
