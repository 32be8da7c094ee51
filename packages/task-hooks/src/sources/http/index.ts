export { createHttpSource, MAX_IDS_PER_REQUEST, type HttpSourceOptions } from './create-source';
export type { EventSourceConstructor, EventSourceLike } from './sse-channel';
export type { HeadersInput } from './request';
export type { BackoffOptions } from '../supabase/backoff';
export type { WakeEvents, WakeHandlers } from '../wake';
