import Link from 'next/link';
import { NavLinks } from './NavLinks';
import { backendLabel } from '../../lib/backend';

/** The bar on every page: name, navigation, and which database this instance runs on. */
export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="inner">
        <Link href="/" className="brand">
          Unstuck demo
        </Link>
        <NavLinks />
        <span className="backend">{backendLabel()}</span>
      </div>
    </header>
  );
}
