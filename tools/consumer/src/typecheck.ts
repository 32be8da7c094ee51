// `tsc --strict` in the consumer project, with the project's own TypeScript, under the module
// resolutions the README promises: `bundler` (Vite, Next.js) and `node16` (Node, attw's profile).
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run.js';

export type Resolution = 'bundler' | 'node16';

/** Stricter settings some apps turn on, on top of `strict`. */
export type ExtraOptions = Record<string, boolean>;

export function typecheck(projectDir: string, resolution: Resolution, include: string[], extra: ExtraOptions = {}) {
  const cjsInclude: string[] = [];
  // Under node16 the same checks also run from a CommonJS file, which resolves the `require`
  // condition of each `exports` entry (the .d.cts files). It gets a folder of its own so that
  // only the node16 run includes it.
  const resolveChecks = join(projectDir, 'src/types/entries-resolve.ts');
  if (resolution === 'node16' && existsSync(resolveChecks)) {
    mkdirSync(join(projectDir, 'src/types-cjs'), { recursive: true });
    copyFileSync(resolveChecks, join(projectDir, 'src/types-cjs/entries-resolve.cts'));
    cjsInclude.push('src/types-cjs');
  }
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
      ...extra,
    },
    include: [...include, ...cjsInclude],
  };
  const file = `tsconfig.${resolution}${Object.keys(extra).map((option) => `.${option}`).join('')}.json`;
  writeFileSync(join(projectDir, file), JSON.stringify(config, null, 2));
  const tsc = join(projectDir, 'node_modules/typescript/bin/tsc');
  return run(process.execPath, [tsc, '-p', file, '--pretty', 'false'], { cwd: projectDir, allowFailure: true });
}

export interface Diagnostic {
  file: string;
  line: number;
  code: string;
  /** The source line tsc points at, to recognise a call site without pinning line numbers. */
  sourceLine: string;
}

/** tsc's `--pretty false` error lines (`file(line,col): error TSnnnn: …`), with the line they point at. */
export function diagnostics(projectDir: string, output: string): Diagnostic[] {
  return [...output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+):/gm)].map((match) => {
    const line = Number(match[2]);
    const sourceLine = readFileSync(join(projectDir, match[1]!), 'utf8').split('\n')[line - 1] ?? '';
    return { file: match[1]!, line, code: match[3]!, sourceLine: sourceLine.trim() };
  });
}
