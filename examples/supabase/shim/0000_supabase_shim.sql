-- Supabase shim: the few pieces of a Supabase database the migrations rely on, for plain
-- PostgreSQL and PGlite. NOT applied on Supabase, where all of this already exists.
--
-- * schema `auth` and `auth.uid()`, reading the `sub` claim of `request.jwt.claims` exactly as
--   Supabase does (null when no one is signed in);
-- * the API roles `anon`, `authenticated` (what PostgREST switches to per request) and
--   `service_role` (BYPASSRLS, used by workers and the reaper);
-- * Supabase's default privileges on schema public (every new table and function is granted to the
--   API roles), so that the migrations' explicit REVOKEs are exercised here as they are there.
--
-- Roles are cluster-wide while databases are not, so several test databases share them: every
-- statement is idempotent and safe to run concurrently in many databases at once.

create schema if not exists auth;

create or replace function auth.uid() returns uuid
language sql stable
as $$
  select nullif(
    coalesce(current_setting('request.jwt.claims', true), '{}')::jsonb ->> 'sub',
    ''
  )::uuid
$$;

-- CREATE ROLE has no IF NOT EXISTS, and two databases may be set up at the same moment: create
-- under a cluster-wide advisory lock and tolerate a concurrent creator (duplicate_object).
do $$
declare
  r record;
begin
  perform pg_advisory_xact_lock(hashtext('unstuck.shim.roles'));
  for r in
    select * from (values ('anon', false), ('authenticated', false), ('service_role', true))
      as roles(name, bypass)
  loop
    if not exists (select 1 from pg_roles where rolname = r.name) then
      begin
        execute format('create role %I nologin noinherit %s', r.name,
          case when r.bypass then 'bypassrls' else '' end);
      exception when duplicate_object or unique_violation then
        null; -- created by a concurrent setup in another database
      end;
    end if;
  end loop;
end
$$;

grant usage on schema auth to anon, authenticated, service_role;
grant execute on function auth.uid() to anon, authenticated, service_role;
grant usage on schema public to anon, authenticated, service_role;

-- Supabase grants everything in public to its API roles by default; row level security and
-- explicit revokes are what protect the data. Mirror that so tests see the same privileges.
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant execute on functions to anon, authenticated, service_role;
