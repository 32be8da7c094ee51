// The watcher extensions of a run: the supabase source through the stand-in, and the http source
// through createTaskHttpHandler, each followed by a different handful of the run's users.
import type { SoakOptions } from '../options';
import type { SoakExtension } from '../run';
import { httpWatchers } from './http-watchers';
import { supabaseWatchers } from './supabase-watchers';

export function defaultExtensions(options: SoakOptions): SoakExtension[] {
  if (options.watchedPerSource === 0) return [];
  return [supabaseWatchers(0), httpWatchers(Math.min(4, Math.max(0, options.users - 4)))];
}
