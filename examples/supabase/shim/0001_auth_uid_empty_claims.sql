-- auth.uid() on a connection that served a signed-in user before (any pooled connection): once
-- the transaction that set `request.jwt.claims` locally ends, PostgreSQL keeps the setting and
-- reads it as '' (not null), and 0000's auth.uid() cast that '' to jsonb. A later call made without
-- claims (a visitor not signed in, a role switch that forgets them) failed with 22P02 "invalid
-- input syntax for type json", which clients read as `invalid_id`, instead of meaning "no one
-- signed in" (null: `unauthorized`, UT006). Supabase's own auth.uid() reads '' as absent too.
-- Replacing the function keeps its grants; like 0000, safe to run again.

create or replace function auth.uid() returns uuid
language sql stable
as $$
  select nullif(
    coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb ->> 'sub',
    ''
  )::uuid
$$;
