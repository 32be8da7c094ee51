// `tsc --strict` in the consumer project, with the project's own TypeScript, under the module
// resolutions the README promises: `bundler` (Vite, Next.js) and `node16` (Node, attw's profile).
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run.js';

export type Resolution = 'bundler' | 'node16';

export function typecheck(projectDir: string, resolution: Resolution, include: string[]) {
  const config = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      module: resolution === 'bundler' ? 'ESNext' : 'Node16',
      moduleResolution: resolution === 'bundler' ? 'Bundler' : 'Node16',
      jsx: 'react-jsx',
      strict: true,
      noEmit: true,
      // As most apps (and Next.js's default) do; checking every library's .d.ts took 15 s per run
      // and failed on supabase-js's own types without @types/node. That our types resolve is
      // checked by fixtures/types/entries-resolve.ts instead.
      skipLibCheck: true,
      types: [],
    },
    include,
  };
  // Under node16 the same checks also run from a CommonJS file, which resolves the `require`
  // condition of each `exports` entry (the .d.cts files).
  const resolveChecks = join(projectDir, 'src/types/entries-resolve.ts');
  if (resolution === 'node16' && existsSync(resolveChecks)) copyFileSync(resolveChecks, resolveChecks.replace(/\.ts$/, '.cts'));
  const file = `tsconfig.${resolution}.json`;
  writeFileSync(join(projectDir, file), JSON.stringify(config, null, 2));
  const tsc = join(projectDir, 'node_modules/typescript/bin/tsc');
  return run(process.execPath, [tsc, '-p', file, '--pretty', 'false'], { cwd: projectDir, allowFailure: true });
}
