import { useEffect, type ComponentType } from 'react';
import { useAuth } from './auth';
import { Layout } from './components/layout';
import { Loading, PageHeader } from './components/ui';
import { AcceptInvitePage } from './pages/accept-invite';
import { AccessRequestPage } from './pages/access-requests/access-request-page';
import { AccessRequestsPage } from './pages/access-requests/access-requests-page';
import { AlertPage } from './pages/alerts/alert-page';
import { AlertsPage } from './pages/alerts/alerts-page';
import { EventPage } from './pages/events/event-page';
import { RuleEditorPage } from './pages/rules/rule-editor-page';
import { RulesPage } from './pages/rules/rules-page';
import { SearchPage } from './pages/search/search-page';
import { SessionPage } from './pages/sessions/session-page';
import { SessionsPage } from './pages/sessions/sessions-page';
import { SettingsPage } from './pages/settings/settings-page';
import { SignInPage } from './pages/sign-in';
import { NewSourcePage } from './pages/sources/new-source-page';
import { SourcePage } from './pages/sources/source-page';
import { SourcesPage } from './pages/sources/sources-page';
import { Link, matchPath, navigate, useLocation } from './router';

type Route = { pattern: string; page: ComponentType<Record<string, string>> };

// Order matters: literal paths before parameterised ones.
const ROUTES: Route[] = [
  { pattern: '/search', page: SearchPage },
  { pattern: '/events/:id', page: EventPage },
  { pattern: '/sessions', page: SessionsPage },
  { pattern: '/sessions/:sid', page: SessionPage },
  { pattern: '/access-requests', page: AccessRequestsPage },
  { pattern: '/access-requests/:id', page: AccessRequestPage },
  { pattern: '/sources', page: SourcesPage },
  { pattern: '/sources/new', page: NewSourcePage },
  { pattern: '/sources/:id', page: SourcePage },
  { pattern: '/alerts', page: AlertsPage },
  { pattern: '/alerts/:id', page: AlertPage },
  { pattern: '/rules', page: RulesPage },
  { pattern: '/rules/new', page: RuleEditorPage },
  { pattern: '/rules/:id', page: RuleEditorPage },
  { pattern: '/settings', page: SettingsPage },
  { pattern: '/settings/:tab', page: SettingsPage },
];

function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" />
      <p>There is nothing at this address. <Link href="/search">Go to search</Link>.</p>
    </>
  );
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

export function App() {
  const { user, ready } = useAuth();
  const { path } = useLocation();

  const invite = matchPath('/invite/:token', path);
  if (invite) return <AcceptInvitePage token={invite.token!} />;
  if (!ready) return <Loading label="Starting" />;
  if (!user) return <SignInPage />;
  if (path === '/' || path === '/sign-in') {
    return <Redirect to="/search" />;
  }
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (params) {
      const Page = route.page;
      return <Layout><Page key={route.pattern} {...params} /></Layout>;
    }
  }
  return <Layout><NotFound /></Layout>;
}
