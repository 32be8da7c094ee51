export { createSupabaseSource, type SupabaseSourceOptions } from './create-source';
export type { BackoffOptions } from './backoff';
export { browserWakeEvents, type WakeEvents, type WakeHandlers } from '../wake';
