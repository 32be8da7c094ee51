// React Server Components: a Server Component may import an entry that uses client-only React
// (context, state, effects) only if that entry's file starts with "use client"; Next.js then
// treats it as a client boundary. Without the directive, `createContext` runs in the server
// layer and the page fails with "createContext only works in Client Components".
// This reads the installed files: for each `exports` entry, the file and every relative import
// it pulls in (shared chunks), and reports entries that reach client-only React unmarked.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const clientOnlyReact = /\b(createContext|useState|useEffect|useLayoutEffect|useReducer|useRef|useContext|useSyncExternalStore|useTransition)\b/;
const relativeImport = /(?:from\s*|import\s*|require\()\s*['"](\.{1,2}\/[^'"]+)['"]/g;
const useClientFirst = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*['"]use client['"]/;

export interface EntryBoundary {
  entry: string;
  file: string;
  /** Files of the entry's closure that use client-only React APIs. */
  clientOnlyFiles: string[];
  marked: boolean;
}

export function entryBoundaries(packageDir: string): EntryBoundary[] {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  const boundaries: EntryBoundary[] = [];
  for (const [entry, target] of Object.entries(manifest.exports)) {
    for (const file of jsFiles(target)) {
      const absolute = join(packageDir, file);
      const clientOnlyFiles = closure(absolute)
        .filter((path) => clientOnlyReact.test(readFileSync(path, 'utf8')))
        .map((path) => relative(packageDir, path));
      boundaries.push({ entry, file, clientOnlyFiles, marked: useClientFirst.test(readFileSync(absolute, 'utf8')) });
    }
  }
  return boundaries;
}

/** The runtime files of an `exports` target (every condition), without types and stylesheets. */
function jsFiles(target: unknown): string[] {
  if (typeof target === 'string') return /\.(c|m)?js$/.test(target) ? [target] : [];
  if (target && typeof target === 'object') {
    return Object.entries(target).flatMap(([condition, value]) => (condition === 'types' ? [] : jsFiles(value)));
  }
  return [];
}

function closure(start: string): string[] {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(relativeImport)) queue.push(join(dirname(file), match[1]!));
  }
  return [...seen];
}
