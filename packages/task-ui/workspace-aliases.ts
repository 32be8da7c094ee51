// Stories and tests import packages by their public names; these point them at the sources so
// neither needs a build first. Order matters: subpaths before the bare names.
import { fileURLToPath } from 'node:url';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export const workspaceAliases = [
  { find: /^@unstuck\/task-hooks\/testing$/, replacement: here('../task-hooks/src/testing/index.ts') },
  { find: /^@unstuck\/task-hooks\/core$/, replacement: here('../task-hooks/src/core/index.ts') },
  { find: /^@unstuck\/task-hooks$/, replacement: here('../task-hooks/src/index.ts') },
  { find: /^@unstuck\/task-ui\/connected$/, replacement: here('./src/connected/index.ts') },
  { find: /^@unstuck\/task-ui\/styles\.css$/, replacement: here('./src/styles.css') },
  { find: /^@unstuck\/task-ui$/, replacement: here('./src/index.ts') },
];
