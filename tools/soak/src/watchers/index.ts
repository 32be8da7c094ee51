// The watcher extensions of a run (see ./supabase-watchers.ts and ./http-watchers.ts).
import type { SoakOptions } from '../options';
import type { SoakExtension } from '../run';

export function defaultExtensions(_options: SoakOptions): SoakExtension[] {
  return [];
}
