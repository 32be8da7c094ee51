-- On Supabase, Realtime's postgres_changes streams the tables of the `supabase_realtime`
-- publication (and applies RLS to each subscriber). Add `tasks` where that publication exists;
-- elsewhere (plain PostgreSQL, PGlite) there is nothing to do.

do $$
begin
  if exists (select 1 from pg_publication where pubname = 'supabase_realtime')
     and not exists (
       select 1 from pg_publication_tables
       where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = 'tasks')
  then
    alter publication supabase_realtime add table public.tasks;
  end if;
end
$$;
