import { useEffect, useState, type ReactNode } from 'react';
import { useAuth } from '../auth';
import { Link, useLocation } from '../router';
import { Button } from './ui';

const NAV = [
  { href: '/search', label: 'Search' },
  { href: '/alerts', label: 'Alerts' },
  { href: '/sessions', label: 'Sessions' },
  { href: '/access-requests', label: 'Access requests' },
  { href: '/rules', label: 'Rules' },
  { href: '/sources', label: 'Sources' },
  { href: '/settings', label: 'Settings' },
];

type Theme = 'light' | 'dark' | 'system';

function useTheme(): [Theme, (theme: Theme) => void] {
  const [theme, setTheme] = useState<Theme>(() => (localStorage.getItem('theme') as Theme | null) ?? 'system');
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
    localStorage.setItem('theme', theme);
  }, [theme]);
  return [theme, setTheme];
}

export function Layout({ children }: { children: ReactNode }) {
  const { user, signOut } = useAuth();
  const { path } = useLocation();
  const [theme, setTheme] = useTheme();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="topbar">
        <Link href="/search" className="brand">Teleport audit</Link>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={path.startsWith(item.href) ? 'page' : undefined}>{item.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar-end">
          <span className="muted small" title="Every time on these pages, and in time inputs without an offset, is UTC">Times in UTC</span>
          <label className="theme-picker">
            <span className="visually-hidden">Theme</span>
            <select value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
              <option value="system">System theme</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          </label>
          {user && (
            <span className="whoami" title={user.tenantName}>
              {user.email} <span className="muted">({user.role})</span>
            </span>
          )}
          <Button variant="ghost" onClick={() => void signOut()}>Sign out</Button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>{children}</main>
    </div>
  );
}
