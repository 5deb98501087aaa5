import { Link } from '../router';
import './settings-tabs.css';

export type TabLink = { href: string; label: string; current: boolean; count?: number | null };

/**
 * Sections of a page as links, so each one has its own address to share and Back works; a nav of links
 * with aria-current, not an ARIA tablist, because activating one changes the URL.
 */
export function TabLinks({ label, tabs }: { label: string; tabs: TabLink[] }) {
  return (
    <nav className="tab-links" aria-label={label}>
      <ul>
        {tabs.map((tab) => (
          <li key={tab.href}>
            <Link href={tab.href} aria-current={tab.current ? 'page' : undefined}>
              {tab.label}
              {tab.count ? <span className="tab-count">{tab.count.toLocaleString()}</span> : null}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
