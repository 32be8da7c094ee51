import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import '@unstuck/task-ui/styles.css';
import './globals.css';
import { SiteHeader } from './components/SiteHeader';
import { Providers } from './providers';
import { supabaseConfig } from '../lib/backend';

export const metadata: Metadata = {
  // Each page names itself ("History · Unstuck demo"): Next's route announcer reads the title after a
  // client navigation, so one title for every page said nothing about where the user had landed.
  title: { default: 'Unstuck demo', template: '%s · Unstuck demo' },
  description: 'Background tasks that never leave you staring at a spinner.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request, never at build time: the backend comes from the environment the server
  // runs in (lib/backend.ts), so a page prerendered by `next build` would keep the build's choice.
  await connection();
  return (
    <html lang="en">
      <body>
        <SiteHeader />
        <main>
          <Providers supabase={supabaseConfig()}>{children}</Providers>
        </main>
      </body>
    </html>
  );
}
