/**
 * Every React and TanStack Query value the hooks use, imported here once. esbuild keeps one
 * `import` statement per importing module for an external package, so importing them in each
 * hook's file repeated `import {…} from "react"` a dozen times in the built entry (≈250 bytes
 * min+gzip of the size budget); through this module the built entry has one per package.
 * Every name listed here stays in every bundle of the entry, used or not, so functions are
 * memoised with `useMemo(() => fn, deps)` (what `useCallback` does) and `useCallback` is not here.
 */
export {
  createContext,
  createElement,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
export {
  QueryClient,
  QueryClientContext,
  QueryClientProvider,
  focusManager,
  onlineManager,
  useMutation,
  useQueries,
  useQuery,
} from '@tanstack/react-query';
