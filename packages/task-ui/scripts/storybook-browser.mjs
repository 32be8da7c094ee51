// Shared by scripts/screenshots.mjs and test/browser/stories.browser.test.ts: serve the built
// Storybook on 127.0.0.1, open stories in Debian Chromium (playwright-core, no downloaded
// browser) and run axe-core in the page.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const staticDir = join(packageDir, 'storybook-static');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.png': 'image/png' };

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds storybook-static unless it is newer than every source, story and config file. */
export function ensureStorybookBuilt() {
  const index = join(staticDir, 'index.json');
  const sources = Math.max(...['src', 'stories', '.storybook'].map((d) => newestMtime(join(packageDir, d))));
  if (existsSync(index) && statSync(index).mtimeMs > sources) return false;
  const run = spawnSync('pnpm', ['exec', 'storybook', 'build', '--quiet', '-o', 'storybook-static'], { cwd: packageDir, stdio: 'inherit' });
  if (run.status !== 0) throw new Error('storybook build failed');
  return true;
}

/** A static file server for storybook-static; resolves to { url, close }. */
export function serveStorybook() {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(staticDir, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(staticDir) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

/** Every story of the built index, in sidebar order. */
export function listStories() {
  const index = JSON.parse(readFileSync(join(staticDir, 'index.json'), 'utf8'));
  return Object.values(index.entries).filter((entry) => entry.type === 'story');
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
}

/**
 * Shows a story in the preview iframe: the first one by URL, the next ones through Storybook's
 * channel (no reload of the 1 MB preview bundle). Waits until it rendered and its play function
 * finished, unless `waitForPlay` is false (the live story is photographed while it plays).
 */
export async function openStory(page, baseUrl, id, { waitForPlay = true, timeout = 60_000 } = {}) {
  const loaded = await page.evaluate(() => '__STORYBOOK_PREVIEW__' in window).catch(() => false);
  if (loaded) {
    await page.evaluate((storyId) => {
      window.__STORYBOOK_ADDONS_CHANNEL__.emit('setCurrentStory', { storyId, viewMode: 'story' });
    }, id);
  } else {
    await page.goto(`${baseUrl}/iframe.html?id=${encodeURIComponent(id)}&viewMode=story`, { waitUntil: 'load' });
  }
  await waitForStory(page, id, { phases: waitForPlay ? DONE : ['playing', 'played', ...DONE], timeout });
}

const DONE = ['completed', 'finished', 'errored', 'aborted'];

/** Waits for the current story to reach one of `phases` (by default: finished playing). */
export async function waitForStory(page, id, { phases = DONE, timeout = 60_000 } = {}) {
  const handle = await page.waitForFunction(
    ([storyId, wanted]) => {
      const render = window.__STORYBOOK_PREVIEW__?.currentRender;
      return render && render.id === storyId && wanted.includes(render.phase) ? render.phase : false;
    },
    [id, phases],
    { timeout, polling: 50 },
  );
  const phase = await handle.jsonValue();
  if (phase === 'errored' || phase === 'aborted') {
    const text = await page.evaluate(() => document.querySelector('#error-stack, .sb-errordisplay')?.textContent ?? '');
    throw new Error(`story ${id} ${phase}: ${text.slice(0, 500)}`);
  }
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core in the page, colour contrast included; returns "rule: targets" lines. */
export async function runAxe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    // The page is a story canvas, not a whole site: landmark rules do not apply.
    const result = await window.axe.run('#storybook-root', { rules: { region: { enabled: false } } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  });
}
