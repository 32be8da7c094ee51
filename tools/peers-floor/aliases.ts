// Vite aliases that point the peers (and their subpaths: react/jsx-runtime, react-dom/client, …) at
// this package's copies, the lowest versions task-hooks and task-ui declare. Testing Library is
// pointed here too: installed here, it links to this React 18.2, so the package sources, TanStack
// Query and `render` share one React. Aliasing only `react` in the packages would not do: pnpm links
// a floor react-dom or TanStack installed there to the package's own React 19.
import { fileURLToPath } from 'node:url';

const floorModules = fileURLToPath(new URL('./node_modules/', import.meta.url));

export const peersFloorAliases = [
  {
    find: /^(react|react-dom|@tanstack\/react-query|@supabase\/supabase-js|@testing-library\/react)(\/.*)?$/,
    replacement: `${floorModules}$1$2`,
  },
];
