// @vitest-environment jsdom
// The peer-floor run is only worth something if the floor copies are the ones loaded, by our
// sources and by Testing Library alike: one React 18.2 (two Reacts would throw on the first hook).
import { createClient } from '@supabase/supabase-js';
import supabasePackage from '@supabase/supabase-js/package.json';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import queryPackage from '@tanstack/react-query/package.json';
import { cleanup, render, screen } from '@testing-library/react';
import { version as reactVersion } from 'react';
import { version as reactDomVersion } from 'react-dom';
import { afterEach, expect, it } from 'vitest';

afterEach(cleanup);

it('loads React 18.2.0, TanStack Query 5.60.2 and supabase-js 2.102.0', () => {
  expect(reactVersion).toBe('18.2.0');
  expect(reactDomVersion).toBe('18.2.0');
  expect(queryPackage.version).toBe('5.60.2');
  expect(supabasePackage.version).toBe('2.102.0');
  const client = createClient('http://127.0.0.1:1', 'anon-key', { auth: { persistSession: false } });
  expect(client).toBeDefined();
});

it('renders a TanStack query through Testing Library with the one floor React', async () => {
  function Version() {
    const { data } = useQuery({ queryKey: ['version'], queryFn: () => reactVersion });
    return <p>{data ?? 'loading'}</p>;
  }
  render(
    <QueryClientProvider client={new QueryClient()}>
      <Version />
    </QueryClientProvider>,
  );
  expect(await screen.findByText('18.2.0')).toBeDefined();
});
