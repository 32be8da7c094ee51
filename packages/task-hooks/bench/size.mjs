// Min+gzip size of the main entry with peers external, beside TanStack Query's minimal import.
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

async function measure(label, code, external) {
  const entry = join(tmp, `${label.replace(/\W+/g, '_')}.mjs`);
  writeFileSync(entry, code);
  const out = await build({
    entryPoints: [entry], bundle: true, minify: true, write: false, format: 'esm', platform: 'browser',
    external, nodePaths: [join(pkg, 'node_modules')], absWorkingDir: pkg, logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const bytes = out.outputFiles[0].contents;
  const gz = gzipSync(bytes, { level: 9 }).length;
  console.log(`${label}: ${(bytes.length / 1024).toFixed(1)} KiB min, ${(gz / 1024).toFixed(2)} KiB min+gzip`);
  return gz;
}

try {
  const peers = ['react', 'react-dom', '@tanstack/react-query', '@supabase/supabase-js'];
  const everything = `export * from ${JSON.stringify(join(pkg, 'dist/index.js'))};`;
  const typical = `export { TaskProvider, useTaskStatus, useSubmitTask } from ${JSON.stringify(join(pkg, 'dist/index.js'))};`;
  const ours = await measure('@unstuck/task-hooks (all exports, peers external)', everything, peers);
  await measure('@unstuck/task-hooks (TaskProvider + useTaskStatus + useSubmitTask)', typical, peers);
  await measure('@unstuck/task-hooks/core', `export * from ${JSON.stringify(join(pkg, 'dist/core.js'))};`, peers);
  await measure('@unstuck/task-hooks/query', `export * from ${JSON.stringify(join(pkg, 'dist/query.js'))};`, peers);
  await measure("@tanstack/react-query: import { useQuery } (react external)", "export { useQuery, QueryClient, QueryClientProvider } from '@tanstack/react-query';", ['react', 'react-dom']);
  console.log(ours > 5 * 1024 ? `over the 5 KiB target by ${((ours - 5 * 1024) / 1024).toFixed(2)} KiB` : 'within the 5 KiB target');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
