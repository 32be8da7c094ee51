// Supabase Edge Function (Deno): reaps stuck tasks when called, for projects without pg_cron.
// Deploy: supabase functions deploy reap-stuck-tasks; set the secret REAPER_SECRET; call it every
// minute with `Authorization: Bearer <REAPER_SECRET>` (or the service role key).
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
