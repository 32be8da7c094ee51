import type { Metadata } from 'next';
import type { ReactNode } from 'react';
// import '@unstuck/task-ui/styles.css';
import './globals.css';
import { SiteHeader } from './components/SiteHeader';

export const metadata: Metadata = {
  title: 'Unstuck demo',
  description: 'Background tasks that never leave you staring at a spinner.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <SiteHeader />
        <main>{children}</main>
      </body>
    </html>
  );
}
