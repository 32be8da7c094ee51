// Installs the packed packages into a fresh project outside the workspace, as a user would, and
// checks what a user checks first: the README snippets compile under strict TypeScript, a tiny
// app bundles and renders on the server and in a (jsdom) browser, the server entries load in
// plain Node. Every failure names the command or file and shows its output.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle } from '../src/bundle.js';
import { entryBoundaries } from '../src/client-boundary.js';
import { packPublishedPackages, type Tarball } from '../src/pack.js';
import { createConsumerProject, makeTempDir, removeTempDir, type ConsumerProject } from '../src/project.js';
import { run } from '../src/run.js';
import { extractCodeBlocks, isTypeScript, moduleFileName, toModule, type CodeBlock } from '../src/snippets.js';
import { diagnostics, typecheck, type Resolution } from '../src/typecheck.js';
import { consumerDependencies, publishedPackages } from '../src/workspace.js';

const fixtures = fileURLToPath(new URL('../fixtures', import.meta.url));
const readmes = publishedPackages.map((pkg) => ({ path: join(pkg.dir, 'README.md'), label: `${pkg.name} README` }));

let packDir: string | undefined;
let tarballs: Tarball[];
let project: ConsumerProject;
let snippets: CodeBlock[];

beforeAll(() => {
  const started = Date.now();
  packDir = makeTempDir('tarballs');
  tarballs = packPublishedPackages(packDir);
  project = createConsumerProject(tarballs);
  cpSync(fixtures, join(project.dir, 'src'), { recursive: true });
  snippets = readmes.flatMap((readme) => extractCodeBlocks(readme.path, readme.label)).filter(isTypeScript);
  mkdirSync(join(project.dir, 'src/snippets'), { recursive: true });
  for (const block of snippets) writeFileSync(join(project.dir, 'src/snippets', moduleFileName(block)), toModule(block));
  console.log(
    `consumer project ${project.dir}: packed + installed in ${Date.now() - started} ms ` +
      `(pnpm install ${project.install.mode}: ${project.install.ms} ms); UNSTUCK_KEEP_CONSUMER=1 keeps it for a look`,
  );
});

afterAll(() => {
  if (process.env.UNSTUCK_KEEP_CONSUMER) {
    console.log(`kept ${project?.dir} and ${packDir} (UNSTUCK_KEEP_CONSUMER)`);
    return;
  }
  removeTempDir(project?.dir);
  removeTempDir(packDir);
});

describe('installing the packed packages', () => {
  it('reports no peer dependency problems to the user', () => {
    const peerLines = project.install.output.split('\n').filter((line) => /peer/i.test(line));
    expect(peerLines, `pnpm install printed peer warnings:\n${project.install.output}`).toEqual([]);
  });

  it('ships manifests without workspace: ranges', () => {
    for (const pkg of publishedPackages) {
      const manifest = readFileSync(join(project.dir, 'node_modules', pkg.name, 'package.json'), 'utf8');
      expect(manifest, `${pkg.name}'s packed package.json`).not.toMatch(/workspace:/);
    }
  });
});

describe('React Server Components', () => {
  it('marks every entry that reaches client-only React with "use client"', () => {
    const unmarked = publishedPackages.flatMap((pkg) =>
      entryBoundaries(join(project.dir, 'node_modules', pkg.name))
        .filter((boundary) => boundary.clientOnlyFiles.length > 0 && !boundary.marked)
        .map((b) => `${pkg.name} ${b.entry} (${b.file}) uses client-only React in ${b.clientOnlyFiles.join(', ')}`),
    );
    expect(unmarked, 'a Server Component importing these fails with "createContext only works in Client Components"').toEqual([]);
  });

  it('keeps /server, /query and /core free of client-only React, so server code can import them', () => {
    const hooks = entryBoundaries(join(project.dir, 'node_modules/@unstuck/task-hooks'));
    const serverSide = hooks.filter((b) => ['./server', './query', './core'].includes(b.entry));
    expect(serverSide.map((b) => b.file).sort(), 'the server entries, ESM and CJS').toEqual(
      ['core', 'query', 'server'].flatMap((name) => [`./dist/${name}.cjs`, `./dist/${name}.js`]),
    );
    for (const b of serverSide) {
      expect(b.marked, `${b.file} must not be a client module`).toBe(false);
      expect(b.clientOnlyFiles, `${b.file} pulls in client-only React`).toEqual([]);
    }
  });
});

describe('README snippets, pasted into a strict TypeScript project', () => {
  it('finds the quick starts and recipes in both READMEs', () => {
    const headings = snippets.map((block) => `${block.readme} › ${block.heading}`);
    expect(headings).toContain('@unstuck/task-hooks README › Quick start');
    expect(headings).toContain('@unstuck/task-ui README › Usage');
    expect(snippets.length).toBeGreaterThanOrEqual(8);
  });

  it.each<Resolution>(['bundler', 'node16'])('compile with moduleResolution %s', (resolution) => {
    const result = typecheck(project.dir, resolution, ['src/snippets', 'src/app', 'src/types']);
    const output = `${result.stdout}${result.stderr}`.trim();
    expect(result.status, `tsc --strict (${resolution}) in ${project.dir}:\n${output}`).toBe(0);
  });
});

describe('README snippets under exactOptionalPropertyTypes', () => {
  // Apps that turn this on are where types built without it show: an optional property our build
  // spells out gains an explicit `| undefined` they refuse (taskQueryOptions once did, at prefetchQuery).
  it('compile with exactOptionalPropertyTypes too', () => {
    const result = typecheck(project.dir, 'bundler', ['src/snippets', 'src/app', 'src/types'], { exactOptionalPropertyTypes: true });
    const errors = diagnostics(project.dir, `${result.stdout}${result.stderr}`);
    expect(errors, `${result.stdout}`).toEqual([]);
    expect(result.status).toBe(0);
  });
});

describe('a tiny app, bundled with esbuild', () => {
  it('renders on the server with react-dom/server, and with the prefetched row from /query', async () => {
    const { file, warnings } = await bundle(project.dir, 'src/app/server.tsx', 'node', 'out/server.mjs');
    expect(warnings).toEqual([]);
    const { renderPage } = (await import(file)) as { renderPage(options: { prefetch: boolean }): Promise<string> };

    const cardStates = (html: string) => [...html.matchAll(/<article[^>]*data-state="(\w+)"/g)].map((m) => m[1]);
    expect(cardStates(await renderPage({ prefetch: false })), 'both cards, nothing fetched yet').toEqual(['loading', 'loading']);
    const hydrated = await renderPage({ prefetch: true });
    expect(cardStates(hydrated), 'both cards, from the prefetched row').toEqual(['pending', 'pending']);
    expect(hydrated).toContain('Queued');
  });

  it('renders in a browser (jsdom) with react-dom/client and follows the task to completion', async () => {
    const { file, warnings } = await bundle(project.dir, 'src/app/browser.tsx', 'browser', 'out/browser.js');
    expect(warnings).toEqual([]);
    expect(readFileSync(file.replace(/\.js$/, '.css'), 'utf8'), 'task-ui/styles.css in the bundle').toContain('.unstuck-card');
    const dom = new JSDOM('<!doctype html><div id="root"></div>', { runScripts: 'outside-only', pretendToBeVisual: true });
    const window = dom.window as unknown as Window & {
      eval(code: string): unknown;
      consumerApp: { mount(container: Element): Promise<{ unmount(): void }> };
    };
    const pageErrors: string[] = [];
    dom.window.addEventListener('error', (event) => pageErrors.push(String(event.error ?? event.message)));
    // A plain jsdom window, as Jest's and Vitest's jsdom environments give (no structuredClone, say).
    window.eval(readFileSync(file, 'utf8'));

    const container = window.document.getElementById('root')!;
    const app = await window.consumerApp.mount(container);
    // Each card's data-state as it changes: the hook-fed card and the connected one.
    const seen: Record<string, string[]> = { 'hook-card': [], 'connected-card': [] };
    const record = () =>
      Object.entries(seen)
        .map(([testId, states]) => {
          const state = container.querySelector(`[data-testid="${testId}"]`)?.getAttribute('data-state') ?? '(no card)';
          if (states.at(-1) !== state) states.push(state);
          return state === 'completed';
        })
        .every(Boolean);
    try {
      await waitFor(record, 5_000, () => `the cards never both showed "completed"; states seen: ${JSON.stringify(seen)}`);
      for (const states of Object.values(seen)) expect(states).toContain('processing');
      expect(container.textContent).toContain('Completed');
      expect(pageErrors).toEqual([]);
    } finally {
      app.unmount();
      dom.window.close();
    }
  });
});

describe('task-ui alone, without task-hooks or TanStack Query', () => {
  let uiOnly: ConsumerProject | undefined;
  afterAll(() => {
    if (!process.env.UNSTUCK_KEEP_CONSUMER) removeTempDir(uiOnly?.dir);
  });

  it('installs, type-checks and renders its plain components', async () => {
    const all = consumerDependencies();
    const reactOnly = Object.fromEntries(
      ['react', 'react-dom', 'typescript', '@types/react', '@types/react-dom'].map((name) => [name, all[name]!]),
    );
    uiOnly = createConsumerProject(tarballs.filter((t) => t.name === '@unstuck/task-ui'), reactOnly);
    expect(existsSync(join(uiOnly.dir, 'node_modules/@unstuck/task-hooks')), 'task-hooks got installed anyway').toBe(false);
    expect(uiOnly.install.output, 'its optional peers must not warn').not.toMatch(/peer/i);
    cpSync(join(fixtures, 'ui-only'), join(uiOnly.dir, 'src'), { recursive: true });

    const result = typecheck(uiOnly.dir, 'bundler', ['src']);
    expect(result.status, `tsc --strict in ${uiOnly.dir}:\n${result.stdout}${result.stderr}`).toBe(0);

    const { file } = await bundle(uiOnly.dir, 'src/plain-card.tsx', 'node', 'out/plain-card.mjs');
    const { html, displayState } = (await import(file)) as { html: string; displayState: string };
    expect(displayState).toBe('completed');
    expect(html).toMatch(/<article[^>]*data-state="completed"/);
  });
});

describe('CommonJS', () => {
  it('requires and server-renders the main entries, the connected card finding the provider, messages and announcer', () => {
    const result = run(process.execPath, ['src/node/main-entries.cjs'], { cwd: project.dir });
    expect(result.stdout.trim()).toBe('cjs render ok');
  });
});

describe('server entries in plain Node (no bundler, no React context)', () => {
  it.each(['server-entries.mjs', 'server-entries.cjs'])('%s loads /server, /query and /core', (script) => {
    const result = run(process.execPath, [join('src/node', script)], { cwd: project.dir });
    expect(result.stdout.trim()).toMatch(/^(esm|cjs) ok$/);
  });
});

async function waitFor(done: () => boolean, timeoutMs: number, explain: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(explain());
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

