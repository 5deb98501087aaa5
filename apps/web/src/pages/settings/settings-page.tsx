import { useAuth } from '../../auth';
import { TabLinks } from '../../components/settings-tabs';
import { PageHeader } from '../../components/ui';
import { useDocumentTitle } from '../../hooks';
import { ApiKeysTab } from './api-keys-tab';
import { AuditLogTab } from './audit-log-tab';
import { DestinationsTab } from './destinations-tab';
import { RetentionTab } from './retention-tab';
import { UsersTab } from './users-tab';
import './settings.css';

const TABS = [
  { id: 'api-keys', label: 'API keys' },
  { id: 'users', label: 'Users' },
  { id: 'retention', label: 'Retention' },
  { id: 'audit-log', label: 'Audit log' },
  { id: 'destinations', label: 'Destinations' },
] as const;

type TabId = (typeof TABS)[number]['id'];

export function SettingsPage({ tab }: Record<string, string>) {
  const { isAdmin, user } = useAuth();
  const current: TabId = TABS.some((t) => t.id === tab) ? tab as TabId : 'api-keys';
  const title = TABS.find((t) => t.id === current)!.label;
  useDocumentTitle(`Settings: ${title}`);
  return (
    <>
      <PageHeader title="Settings">
        {user && <span className="muted">Tenant <strong>{user.tenantName}</strong></span>}
      </PageHeader>
      <TabLinks label="Settings sections" tabs={TABS.map((t) => ({ href: `/settings/${t.id}`, label: t.label, current: t.id === current }))} />
      {current === 'api-keys' && <ApiKeysTab isAdmin={isAdmin} />}
      {current === 'users' && <UsersTab isAdmin={isAdmin} currentUserId={user?.id ?? null} />}
      {current === 'retention' && <RetentionTab isAdmin={isAdmin} />}
      {current === 'audit-log' && <AuditLogTab isAdmin={isAdmin} />}
      {current === 'destinations' && <DestinationsTab isAdmin={isAdmin} />}
    </>
  );
}
