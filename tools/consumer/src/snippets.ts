// The README code blocks, as a user would paste them. Each ```tsx block becomes its own module;
// names a snippet uses without importing (it was pasted into a file that already imports them)
// get the import a user would have written, and free names like `supabase` or `taskId` come from
// fixtures/snippets/context.d.ts. The snippet text itself is kept verbatim.
import { readFileSync } from 'node:fs';

export interface CodeBlock {
  readme: string;
  /** The nearest heading above the block, to name it in failures. */
  heading: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  code: string;
}

export function extractCodeBlocks(readmePath: string, readmeLabel: string): CodeBlock[] {
  const lines = readFileSync(readmePath, 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  let heading = '(top)';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const title = /^#{1,6}\s+(.*)$/.exec(line);
    if (title) heading = title[1]!;
    const fence = /^```(\w*)\s*$/.exec(line);
    if (!fence) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    if (i >= lines.length) throw new Error(`${readmeLabel}:${start + 1}: code block is never closed`);
    blocks.push({ readme: readmeLabel, heading, line: start + 1, lang: fence[1] ?? '', code: body.join('\n') });
  }
  return blocks;
}

export const isTypeScript = (block: CodeBlock): boolean => ['ts', 'tsx', 'typescript'].includes(block.lang);

/** Where a snippet's un-imported names come from when a user pastes it into their own module. */
const ambientImports: Record<string, string> = {
  useState: 'react',
  useTaskStatus: '@unstuck/task-hooks',
  useTaskEvents: '@unstuck/task-hooks',
  TaskProvider: '@unstuck/task-hooks',
  TaskMessagesProvider: '@unstuck/task-ui',
  TaskTimeline: '@unstuck/task-ui',
};

export function toModule(block: CodeBlock): string {
  const header = [`// ${block.readme}:${block.line} (${block.heading}), verbatim below the imports`];
  for (const [name, from] of Object.entries(ambientImports)) {
    const used = new RegExp(`\\b${name}\\b`).test(block.code);
    const imported = new RegExp(`import[^;]*\\b${name}\\b[^;]*from`).test(block.code);
    if (used && !imported) header.push(`import { ${name} } from '${from}';`);
  }
  // `export {}` makes even an import-less snippet a module, so snippets cannot collide.
  return `${header.join('\n')}\nexport {};\n${block.code}\n`;
}

export function moduleFileName(block: CodeBlock): string {
  const readme = block.readme.replace(/[^a-z0-9]+/gi, '-').replace(/^-+|-+$/g, '').toLowerCase();
  return `${readme}-line-${block.line}.tsx`;
}
