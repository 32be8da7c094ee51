// Supabase Edge Function (Deno): reaps stuck tasks when called, for projects without pg_cron.
// Deploy: supabase secrets set REAPER_SECRET=...; supabase functions deploy reap-stuck-tasks
// --no-verify-jwt (the gateway's default JWT check would refuse the secret, which is not a JWT,
// before this code runs: the handler checks the token itself); POST to it every minute with
// `Authorization: Bearer <REAPER_SECRET>` (or the service role key).
// The logic lives in reap.ts and wiring.ts, which the Node tests exercise; this file only hands
// Deno's environment and supabase-js to them.
import { createClient } from 'npm:@supabase/supabase-js@2';
import { handleReapRequest } from './reap.ts';
import { reapDepsFromEnv } from './wiring.ts';

const deps = reapDepsFromEnv((name) => Deno.env.get(name), createClient);

Deno.serve((request: Request) => handleReapRequest(request, deps));
