import { Sparkline } from '../../components/sparkline';
import { Time } from '../../components/ui';
import { formatCount, formatRelative } from '../../format';
import { Link } from '../../router';
import type { SourceStats } from './source-stats';
import { SOURCE_TYPE_LABEL, sourceStatus } from './source-status';
import { SourceStatusBadge } from './source-status-badge';
import type { Source } from './sources-api';

type Props = { sources: Source[]; stats: Map<string, SourceStats> | undefined; statsLoading: boolean };

export function SourcesTable({ sources, stats, statsLoading }: Props) {
  return (
    <div className="table-wrap">
      <table className="sources-table">
        <caption className="visually-hidden">Sources, with their status and the events of the last 24 hours</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Last event</th>
            <th scope="col" className="num"><span title="events stored in the last 24 hours, whatever their own time">Stored (24 h)</span></th>
            <th scope="col"><span title="events per hour of their own time, over the last 24 hours">By event time (24 h)</span></th>
            <th scope="col" className="num">Rejects (24 h)</th>
            <th scope="col" className="num">Failed objects</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((source) => (
            <SourceRow key={source.id} source={source} stats={stats?.get(source.id)} pending={statsLoading && !stats} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SourceRow({ source, stats, pending }: { source: Source; stats: SourceStats | undefined; pending: boolean }) {
  const health = stats?.health ?? undefined;
  const status = sourceStatus({ lastEventAt: health?.lastEventAt ?? source.lastEventAt, health, failedObjects: stats?.failedObjects ?? 0 });
  const peak = stats?.hourly ? Math.max(0, ...stats.hourly.map((p) => p.count)) : 0;
  const total = stats?.hourly?.reduce((sum, p) => sum + p.count, 0) ?? 0;
  const placeholder = pending ? '…' : '—';
  const lastEventAt = health?.lastEventAt ?? source.lastEventAt;
  return (
    <tr>
      <th scope="row" className="source-name"><Link href={`/sources/${source.id}`}>{source.name}</Link></th>
      <td>{SOURCE_TYPE_LABEL[source.type] ?? source.type}</td>
      <td><SourceStatusBadge status={status} /></td>
      <td>{lastEventAt ? <><span>{formatRelative(lastEventAt)}</span><br /><span className="muted small"><Time value={lastEventAt} /></span></> : <span className="muted">never</span>}</td>
      <td className="num">{health ? formatCount(health.eventsLast24h) : placeholder}</td>
      <td>
        {stats?.hourly
          ? <Sparkline points={stats.hourly} label={`${source.name}: ${formatCount(total)} events by event time in the last 24 hours, at most ${formatCount(peak)} in one hour`} />
          : <span className="muted">{placeholder}</span>}
      </td>
      <td className="num">{health ? <Count value={health.rejectsLast24h} href={`/sources/${source.id}?tab=quarantine`} /> : placeholder}</td>
      <td className="num">
        {source.type !== 'teleport_s3'
          ? <span className="muted" title="Webhook sources have no objects">n/a</span>
          : stats?.failedObjects !== null && stats?.failedObjects !== undefined
            ? <Count value={stats.failedObjects} more={stats.failedMore} href={`/sources/${source.id}?tab=objects&status=failed`} />
            : placeholder}
      </td>
    </tr>
  );
}

function Count({ value, more = false, href }: { value: number; more?: boolean; href: string }) {
  if (value === 0) return <span className="muted">0</span>;
  return <Link className="count-bad" href={href}>{formatCount(value)}{more ? '+' : ''}</Link>;
}
