-- Helpers and trigger functions live in `unstuck_internal`, a schema that PostgREST does not
-- expose and that the API roles may not use: only the contract's functions in `public` are
-- callable, and they reach the helpers as their owner (SECURITY DEFINER).

create schema if not exists unstuck_internal;
revoke all on schema unstuck_internal from public;
