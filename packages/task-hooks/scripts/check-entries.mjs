#!/usr/bin/env node
// Part of `check` (after a build): the main entry must start with "use client" in both formats
// (it creates React context at import), and the server-safe entries must neither carry the
// directive nor create React context, so React Server Components can import them; and the server
// entry must import nothing from outside the package at run time.
import { readFileSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);
const read = (file) => readFileSync(new URL(file, dist), 'utf8');
const problems = [];
for (const file of ['index.js', 'index.cjs']) {
  if (!read(file).startsWith('"use client";')) problems.push(`${file} does not start with "use client"`);
}
for (const file of ['core.js', 'core.cjs', 'query.js', 'query.cjs', 'server.js', 'server.cjs']) {
  const code = read(file);
  if (code.includes('use client')) problems.push(`${file} carries "use client"`);
  if (code.includes('createContext')) problems.push(`${file} creates React context`);
}
// The server entry runs in edge runtimes too (a Next route handler on the edge): no module from
// outside the package at run time, Node's own included (`node:http` is imported for types only).
for (const file of ['server.js', 'server.cjs']) {
  const outside = read(file).match(/(?:\bfrom |\brequire\()\s*['"](?!\.)[^'"]+['"]/g);
  if (outside) problems.push(`${file} imports ${outside.join(', ')} at run time`);
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('entries: index is "use client"; core, query and server are server-safe');
