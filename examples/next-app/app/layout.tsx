import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import '@unstuck/task-ui/styles.css';
import './globals.css';
import { SiteHeader } from './components/SiteHeader';
import { Providers } from './providers';
import { supabaseConfig } from '../lib/backend';

export const metadata: Metadata = {
  title: 'Unstuck demo',
  description: 'Background tasks that never leave you staring at a spinner.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
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
