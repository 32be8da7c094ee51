// Supabase Edge Function (Deno): reaps stuck tasks when called, for projects without pg_cron.
// Deploy: supabase secrets set REAPER_SECRET=...; supabase functions deploy reap-stuck-tasks
// --no-verify-jwt (the gateway's default JWT check would refuse the secret, which is not a JWT,
// before this code runs: the handler checks the token itself); POST to it every minute with
// `Authorization: Bearer <REAPER_SECRET>` (or the service role key).
// The logic lives in reap.ts, which the Node tests exercise; this file only wires Deno to it.
import { createClient } from 'npm:@supabase/supabase-js@2';
import { handleReapRequest } from './reap.ts';

const serviceRoleKey = Deno.env.get('SUPABASE_SERVICE_ROLE_KEY') ?? '';
const supabase = createClient(Deno.env.get('SUPABASE_URL') ?? '', serviceRoleKey, {
  auth: { persistSession: false, autoRefreshToken: false },
});

Deno.serve((request: Request) =>
  handleReapRequest(request, {
    secrets: [Deno.env.get('REAPER_SECRET'), serviceRoleKey],
    reap: async () => {
      const { data, error } = await supabase.rpc('reap_stuck_tasks');
      if (error) throw new Error(`reap_stuck_tasks failed: ${error.message}`);
      return data;
    },
  }),
);
