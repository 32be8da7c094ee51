// Min+gzip size of the main entry with peers external, beside TanStack Query's minimal import.
// `--modules`: also what is in it, per source module (esbuild metafile of src/, minified bytes and
// the gzip bytes each module adds after the ones before it; gzip is contextual, so approximate).
// `--anchors`: also @trigger.dev/react-hooks, measured the same way after an `npm install` of it into
// a temporary folder (needs the npm registry; it is not a dependency of this repo).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const pkg = new URL('..', import.meta.url).pathname;
// esbuild comes with tsup (a dev dependency); resolve it from there rather than adding a dependency.
const fromPkg = createRequire(join(pkg, 'package.json'));
const { build } = createRequire(fromPkg.resolve('tsup'))('esbuild');
const tmp = mkdtempSync(join(tmpdir(), 'unstuck-size-'));

async function measure(label, code, external, resolveDir = pkg) {
  const entry = join(tmp, `${label.replace(/\W+/g, '_')}.mjs`);
  writeFileSync(entry, code);
  const out = await build({
    entryPoints: [entry], bundle: true, minify: true, write: false, format: 'esm', platform: 'browser',
    external, nodePaths: [join(resolveDir, 'node_modules')], absWorkingDir: resolveDir, logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const bytes = out.outputFiles[0].contents;
  const gz = gzipSync(bytes, { level: 9 }).length;
  console.log(`${label}: ${(bytes.length / 1024).toFixed(1)} KiB min, ${(gz / 1024).toFixed(2)} KiB min+gzip (${gz} B)`);
  return gz;
}

async function modules(label, code, external) {
  const out = await build({
    stdin: { contents: code, resolveDir: pkg, loader: 'ts' }, bundle: true, minify: true, write: false, format: 'esm',
    platform: 'browser', external, metafile: true, logLevel: 'silent', define: { 'process.env.NODE_ENV': '"production"' },
  });
  const text = out.outputFiles[0].text;
  const rows = [];
  let end = 0;
  let before = 0;
  // Inputs are listed in output order, so each module's gzip cost is the growth it causes.
  for (const [file, { bytesInOutput }] of Object.entries(Object.values(out.metafile.outputs)[0].inputs)) {
    end += bytesInOutput;
    const gz = gzipSync(text.slice(0, end), { level: 9 }).length;
    if (bytesInOutput > 0) rows.push([file, bytesInOutput, gz - before]);
    before = gz;
  }
  console.log(`\n${label}, per module (min bytes, gzip bytes added):`);
  for (const [file, min, gz] of rows.sort((a, b) => b[2] - a[2])) console.log(`  ${String(gz).padStart(5)} ${String(min).padStart(6)}  ${file}`);
}

try {
  const peers = ['react', 'react-dom', '@tanstack/react-query', '@supabase/supabase-js'];
  const everything = `export * from ${JSON.stringify(join(pkg, 'dist/index.js'))};`;
  const typical = `export { TaskProvider, useTaskStatus, useSubmitTask } from ${JSON.stringify(join(pkg, 'dist/index.js'))};`;
  const ours = await measure('@unstuck/task-hooks (all exports, peers external)', everything, peers);
  const quick = await measure('@unstuck/task-hooks (TaskProvider + useTaskStatus + useSubmitTask)', typical, peers);
  const readme = await measure('@unstuck/task-hooks (README quick start: TaskProvider + useTaskStatus)', `export { TaskProvider, useTaskStatus } from ${JSON.stringify(join(pkg, 'dist/index.js'))};`, peers);
  // What an app ships with a source: the README quick start plus the source it is given.
  for (const [name, entry] of [['createSupabaseSource', 'supabase'], ['createHttpSource', 'http']]) {
    const withSource = `export { TaskProvider, useTaskStatus } from ${JSON.stringify(join(pkg, 'dist/index.js'))}; export { ${name} } from ${JSON.stringify(join(pkg, `dist/${entry}.js`))};`;
    await measure(`@unstuck/task-hooks (README quick start + ${name})`, withSource, peers);
  }
  await measure('@unstuck/task-hooks/core', `export * from ${JSON.stringify(join(pkg, 'dist/core.js'))};`, peers);
  await measure('@unstuck/task-hooks/query', `export * from ${JSON.stringify(join(pkg, 'dist/query.js'))};`, peers);
  await measure("@tanstack/react-query: import { useQuery } (react external)", "export { useQuery, QueryClient, QueryClientProvider } from '@tanstack/react-query';", ['react', 'react-dom']);
  const against = (gz) => (gz > 5 * 1024 ? `over by ${((gz - 5 * 1024) / 1024).toFixed(2)} KiB` : 'within');
  if (process.argv.includes('--anchors')) {
    const anchor = join(tmp, 'anchor');
    execFileSync('npm', ['install', '--prefix', anchor, '--no-audit', '--no-fund', '--loglevel=error', '@trigger.dev/react-hooks@4.8.3', 'react@19', 'react-dom@19'], { stdio: 'inherit' });
    // Its realtime client imports `node:http2` on a path a browser never takes; a browser bundle
    // has to leave it out, so it is external here (the figure is smaller for it, not larger).
    await measure('@trigger.dev/react-hooks 4.8.3: import { useRealtimeRun } (react external)', "export { useRealtimeRun } from '@trigger.dev/react-hooks';", ['react', 'react-dom', 'node:*'], anchor);
  }
  console.log(`5 KiB target: quick start ${against(quick)}, README quick start ${against(readme)}, every export ${against(ours)}`);
  if (process.argv.includes('--modules')) {
    await modules('quick start', `export { TaskProvider, useTaskStatus, useSubmitTask } from './src/index.ts';`, peers);
    await modules('every export', `export * from './src/index.ts';`, peers);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
