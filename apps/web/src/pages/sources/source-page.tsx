import { useAuth } from '../../auth';
import { TabLinks } from '../../components/settings-tabs';
import { ErrorNote, Loading, PageHeader } from '../../components/ui';
import { useDocumentTitle, useInterval, useLoad } from '../../hooks';
import { Link, useLocation } from '../../router';
import { BackfillTab } from './backfill-tab';
import { ManageTab } from './manage-tab';
import { ObjectsTab } from './objects-tab';
import { RejectsTab } from './rejects-tab';
import { SourceOverview } from './source-overview';
import { SourceSetupTab } from './source-setup-tab';
import { failedObjectCount } from './source-stats';
import { SOURCE_TYPE_LABEL, sourceStatus } from './source-status';
import { SourceStatusBadge } from './source-status-badge';
import { sourcesApi, type SourceDetail } from './sources-api';
import './sources.css';

type FailedCount = { count: number; more: boolean };
type Tab = 'overview' | 'setup' | 'quarantine' | 'objects' | 'backfill' | 'manage';

const REFRESH_MS = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function tabsFor(source: SourceDetail): { id: Tab; label: string; count?: number }[] {
  return [
    { id: 'overview', label: 'Overview' },
    { id: 'setup', label: 'Setup' },
    { id: 'quarantine', label: 'Quarantine', count: source.health.rejectsTotal },
    ...(source.type === 'teleport_s3' ? [{ id: 'objects' as const, label: 'Objects' }, { id: 'backfill' as const, label: 'Backfill' }] : []),
    { id: 'manage', label: 'Manage' },
  ];
}

export function SourcePage({ id }: Record<string, string>) {
  const sourceId = id ?? '';
  const { params } = useLocation();
  // A mistyped address would otherwise surface as the API's schema message about the id's format.
  const detail = useLoad((signal) => (UUID.test(sourceId) ? sourcesApi.get(sourceId, signal) : Promise.reject(new Error('There is no source at this address.'))), [sourceId]);
  const source = detail.data;
  const isS3 = source?.type === 'teleport_s3';
  // Objects that need attention make an S3 source "failing" here as in the list; a webhook source has none.
  const failed = useLoad((signal) => (isS3 && UUID.test(sourceId) ? failedObjectCount(sourceId, signal) : Promise.resolve(null)), [sourceId, isS3]);
  useInterval(() => { detail.reload(); failed.reload(); }, REFRESH_MS);
  useDocumentTitle(source ? source.name : 'Source');

  if (!source) {
    return (
      <>
        <PageHeader title="Source"><Link href="/sources">All sources</Link></PageHeader>
        {detail.error ? <ErrorNote error={detail.error} title="Could not load the source" /> : <Loading label="Loading the source" />}
      </>
    );
  }

  const tabs = tabsFor(source);
  const requested = params.get('tab') as Tab | null;
  const tab: Tab = tabs.some((t) => t.id === requested) ? requested! : 'overview';
  const status = sourceStatus({ lastEventAt: source.health.lastEventAt, health: source.health, failedObjects: failed.data?.count ?? 0 });

  return (
    <>
      <PageHeader title={<span className="source-title">{source.name} <SourceStatusBadge status={status} /></span>}>
        <span className="muted">{SOURCE_TYPE_LABEL[source.type] ?? source.type}</span>
        <Link href="/sources">All sources</Link>
      </PageHeader>
      {detail.error ? <ErrorNote error={detail.error} title="Could not refresh the source" /> : null}
      <TabLinks
        label="Source sections"
        tabs={tabs.map((t) => ({ href: t.id === 'overview' ? `/sources/${source.id}` : `/sources/${source.id}?tab=${t.id}`, label: t.label, current: t.id === tab, count: t.count ?? null }))}
      />
      <SourceTab tab={tab} source={source} failedObjects={failed.data ?? null} onChanged={detail.reload} />
    </>
  );
}

function SourceTab({ tab, source, failedObjects, onChanged }: { tab: Tab; source: SourceDetail; failedObjects: FailedCount | null; onChanged: () => void }) {
  const { isAdmin } = useAuth();
  switch (tab) {
    case 'setup': return <SourceSetupTab source={source} />;
    case 'quarantine': return <RejectsTab source={source} />;
    case 'objects': return <ObjectsTab source={source} isAdmin={isAdmin} />;
    case 'backfill': return <BackfillTab source={source} isAdmin={isAdmin} />;
    case 'manage': return <ManageTab source={source} isAdmin={isAdmin} onChanged={onChanged} />;
    default: return <SourceOverview source={source} failedObjects={failedObjects} />;
  }
}
