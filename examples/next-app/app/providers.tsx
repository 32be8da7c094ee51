'use client';

import { QueryClient } from '@tanstack/react-query';
import { TaskProvider, useTaskContext } from '@unstuck/task-hooks';
import type { TaskSource } from '@unstuck/task-hooks/core';
import { createHttpSource } from '@unstuck/task-hooks/http';
import { useEffect, useState, type ReactNode } from 'react';
import { connectSupabase } from '../lib/client/supabase';
import { demoThresholdsMs } from '../lib/demo-types';

const THRESHOLDS = demoThresholdsMs();

/**
 * Measures the server clock offset as soon as the page mounts. The client would otherwise start
 * measuring only when the first task is watched, i.e. right after a submit, and judges no health
 * until a sample is in: on a busy server those three round trips delayed the first warning by
 * seconds. Measured while the page is idle, the offset is ready before the user presses a button.
 */
function ClockWarmUp() {
  const { client } = useTaskContext();
  useEffect(() => {
    if (!client.clock.ready) void client.measureClock(); // three samples: /time is cheap now, and a page's first seconds are busy
  }, [client]);
  return null;
}

export interface ProvidersProps {
  /** Set in Supabase mode (SUPABASE_URL + SUPABASE_ANON_KEY, read by the server at request time). */
  supabase: { url: string; anonKey: string } | null;
  children: ReactNode;
}

/**
 * One QueryClient and one task source per browser tab: the app's own HTTP + SSE routes by
 * default, or Supabase straight from the browser.
 */
export function Providers({ supabase, children }: ProvidersProps) {
  const [queryClient] = useState(() => new QueryClient());
  const [source, setSource] = useState<TaskSource | null>(() => (supabase ? null : createHttpSource({ baseUrl: '/api/tasks' })));
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (!supabase) return;
    let cancelled = false;
    connectSupabase(supabase).then(
      (connected) => !cancelled && setSource(connected),
      (error: Error) => !cancelled && setFailure(error.message),
    );
    return () => {
      cancelled = true;
    };
  }, [supabase]);

  if (failure) return <p className="notice">Could not connect to Supabase: {failure}</p>;
  if (!source) return <p className="note">Signing in to Supabase anonymously…</p>;
  return (
    <TaskProvider source={source} queryClient={queryClient} thresholds={THRESHOLDS}>
      <ClockWarmUp />
      {children}
    </TaskProvider>
  );
}
