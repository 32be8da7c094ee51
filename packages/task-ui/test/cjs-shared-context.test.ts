// @vitest-environment node
// The built CommonJS files, loaded as a CommonJS consumer loads them (Jest through next/jest or
// babel-jest requires `@unstuck/task-ui` and `@unstuck/task-ui/connected` separately): the
// connected components must read the contexts the main entry's providers fill. When each .cjs
// carried its own copy of the contexts, TaskMessagesProvider's words and TaskAnnouncer's shared
// region were ignored by ConnectedTaskCard, unlike in the ESM build, where both entries share a chunk.
//
// It reads dist/, not src/ (the sources cannot show how tsup splits the files), so it needs a build
// first: `pnpm --filter @unstuck/task-hooks --filter @unstuck/task-ui build`. The root `pnpm test`
// builds before it runs the package tests; without a build this test fails and says so.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = (file: string) => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));
for (const file of ['index.cjs', 'connected.cjs']) {
  if (!existsSync(dist(file))) throw new Error(`dist/${file} is missing: run \`pnpm --filter @unstuck/task-ui build\` first`);
}

// Everything through one `require` rooted in dist/, so React, react-dom and task-hooks are the
// copies the built files require themselves (task-hooks' CJS build, not its sources).
const require = createRequire(dist('index.cjs'));
type Component = (props: Record<string, unknown>) => unknown;
const { createElement: h } = require('react') as typeof import('react');
const { renderToString } = require('react-dom/server') as typeof import('react-dom/server');
const { TaskProvider } = require('@unstuck/task-hooks') as { TaskProvider: Component };
const { createMemorySource } = require('@unstuck/task-hooks/testing') as typeof import('@unstuck/task-hooks/testing');
const ui = require('./index.cjs') as { TaskMessagesProvider: Component; TaskAnnouncer: Component };
const { ConnectedTaskCard, ConnectedTaskTimeline } = require('./connected.cjs') as { ConnectedTaskCard: Component; ConnectedTaskTimeline: Component };

const count = (html: string, pattern: RegExp) => html.match(new RegExp(pattern, 'g'))?.length ?? 0;
const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];

// On the server the card has no row yet: it renders its loading state, badge included. With
// `withTimelines`, a ConnectedTaskTimeline beside each card renders its not-yet-read state (a
// card shows its own timeline only once its row has been read).
function render(wrap: (cards: unknown[]) => unknown, withTimelines = false): string {
  const cards = ids.flatMap((taskId) => [
    h(ConnectedTaskCard as never, { key: taskId, taskId }),
    ...(withTimelines ? [h(ConnectedTaskTimeline as never, { key: `${taskId} timeline`, taskId })] : []),
  ]);
  return renderToString(h(TaskProvider as never, { source: createMemorySource({ realtime: false }) }, wrap(cards) as never));
}

describe('CommonJS build: the connected entry shares the main entry\'s contexts', () => {
  it('ConnectedTaskCard from connected.cjs uses the words of TaskMessagesProvider from index.cjs', () => {
    const messages = { states: { loading: 'Chargement' }, timelineLoading: 'Historique en lecture' };
    const html = render((cards) => h(ui.TaskMessagesProvider as never, { messages }, ...(cards as never[])), true);
    expect(count(html, /<article[^>]*data-state="loading"/)).toBe(2);
    expect(count(html, />Chargement</)).toBe(2);
    expect(count(html, /Historique en lecture/)).toBe(2);
    expect(html).not.toContain('>Loading<');
  });

  it('two ConnectedTaskCards inside TaskAnnouncer from index.cjs share its one live region', () => {
    const regions = (html: string) => count(html, /role="status"/);
    // Without the announcer each card keeps its own region: the pattern does count them.
    expect(regions(render((cards) => cards))).toBe(2);
    expect(regions(render((cards) => h(ui.TaskAnnouncer as never, null, ...(cards as never[]))))).toBe(1);
  });

  it('takes from index.cjs only names index.cjs exports', () => {
    // esbuild does not check the names an external module is asked for: one the main entry does
    // not export would be undefined at run time, not a build error.
    const built = readFileSync(dist('connected.cjs'), 'utf8');
    const bindings = [...built.matchAll(/var (\w+) = require\("\.\/index\.cjs"\)/g)].map((m) => m[1]!);
    const names = new Set(bindings.flatMap((binding) => [...built.matchAll(new RegExp(`\\b${binding}\\.(\\w+)`, 'g'))].map((m) => m[1]!)));
    expect([...names]).toEqual(expect.arrayContaining(['TaskCard', 'TaskTimeline']));
    for (const name of names) expect(typeof (ui as Record<string, unknown>)[name], name).not.toBe('undefined');
  });
});
