import { describe, expect, test } from 'vitest';
import { browserMissingReason } from './env';
import { startApp } from './server';

// `next start` ends on SIGINT (Ctrl+C) or SIGTERM (Docker, systemd) once every connection has
// closed; an open event stream (any browser tab showing the demo) never closes by itself.
describe.skipIf(!!browserMissingReason())('shutdown with a browser tab open', () => {
  test('SIGTERM stops the server while an event stream is open', async () => {
    const app = await startApp();
    try {
      const first = await fetch(`${app.url}/`, { redirect: 'manual' });
      const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
      const stream = await fetch(`${app.url}/api/tasks/stream`, { headers: { cookie } });
      expect(stream.status).toBe(200);
      const reader = stream.body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toContain('retry:');
      const ended = (async () => {
        for (;;) if ((await reader.read()).done) return true;
      })().catch(() => true);
      // Bounded by the keep-alive timeout of the stream's now idle connection (5 s), no longer by the tab.
      expect(await app.signal('SIGTERM', 15_000)).toBe(true);
      expect(await ended).toBe(true); // the stream was ended, not left hanging
    } finally {
      await app.stop();
    }
  });
});
