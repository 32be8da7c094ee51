/**
 * Every React value the components use, imported here once. esbuild keeps one `import` statement
 * per importing module for an external package, so importing React in each component's file
 * repeated `import {…} from "react"` in the built entry (≈100 bytes min+gzip of the 6 kB budget);
 * through this module the built entry has one. Types are still imported from 'react' directly.
 * (task-hooks does the same in src/react/peers.ts.)
 */
export {
  createContext,
  forwardRef,
  memo,
  useContext,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
