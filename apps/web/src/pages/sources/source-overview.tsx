import type { ReactNode } from 'react';
import { CopyText } from '../../components/settings-copy';
import { Sparkline } from '../../components/sparkline';
import { Time } from '../../components/ui';
import { formatCount, formatRelative } from '../../format';
import { useLoad } from '../../hooks';
import { Link } from '../../router';
import { FirstEventWatch, searchHref } from './first-event-watch';
import { SourceFindings } from './source-findings';
import { SOURCE_TYPE_LABEL } from './source-status';
import { sourcesApi, type SourceDetail } from './sources-api';

const CONFIG_LABELS: Record<string, string> = {
  clusterName: 'Default cluster', bucket: 'Bucket', prefix: 'Prefix', region: 'Region', roleArn: 'Role ARN', externalId: 'ExternalId',
  accessKeyId: 'Access key ID', secretAccessKeySet: 'Secret access key', kmsKeyArn: 'KMS key ARN', queueUrl: 'Queue URL',
};

export function SourceOverview({ source, failedObjects }: { source: SourceDetail; failedObjects: { count: number; more: boolean } | null }) {
  const { health } = source;
  const isS3 = source.type === 'teleport_s3';
  return (
    <div className="source-overview">
      {!health.lastEventAt && <FirstEventWatch sourceId={source.id} kind={isS3 ? 's3' : 'webhook'} setupHref={`/sources/${source.id}?tab=setup`} />}
      <div className="stat-grid">
        <Stat label="Last event">
          {health.lastEventAt ? <>{formatRelative(health.lastEventAt)}<span className="stat-sub"><Time value={health.lastEventAt} /></span></> : 'never'}
        </Stat>
        <Stat label="Stored in the last 24 h">{formatCount(health.eventsLast24h)}</Stat>
        <Stat label="Duplicates absorbed (24 h)" help="Events received again (retries, Teleport's own re-sends) and stored once.">{formatCount(health.duplicatesLast24h)}</Stat>
        <Stat label="Rejected (24 h)" tone={health.rejectsLast24h > 0 ? 'bad' : undefined}>
          {health.rejectsLast24h > 0 ? <Link href={`/sources/${source.id}?tab=quarantine`}>{formatCount(health.rejectsLast24h)}</Link> : '0'}
          <span className="stat-sub">{formatCount(health.rejectsTotal)} in quarantine in all</span>
        </Stat>
        <Stat label="Without a time (24 h)" tone={health.eventsWithoutTimeLast24h > 0 ? 'warn' : undefined} help="Stamped with the time received because they carried no usable time.">
          {formatCount(health.eventsWithoutTimeLast24h)}
        </Stat>
        {isS3 && <FailedObjectsStat sourceId={source.id} failed={failedObjects} />}
      </div>

      {health.warnings.filter((w) => w.code !== 'no_events_yet').map((warning) => (
        <p key={warning.code} className={`note ${warning.code === 'rejects' ? 'note-error' : 'note-warn'}`}>
          {warning.code === 'rejects'
            ? <>{formatCount(health.rejectsLast24h)} parts of requests in the last 24 h could not be stored as events. <Link href={`/sources/${source.id}?tab=quarantine`}>See them in the quarantine</Link>.</>
            : warning.message}
        </p>
      ))}

      <SourceFindings sourceId={source.id} findings={health.findings} />

      <div className="grid grid-2 overview-cards">
        <HourlyCard source={source} />
        <DetailsCard source={source} />
      </div>
    </div>
  );
}

function Stat({ label, children, tone, help }: { label: string; children: ReactNode; tone?: 'bad' | 'warn' | undefined; help?: string }) {
  return (
    <div className={`stat card${tone ? ` stat-${tone}` : ''}`} title={help}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{children}</div>
    </div>
  );
}

function FailedObjectsStat({ sourceId, failed }: { sourceId: string; failed: { count: number; more: boolean } | null }) {
  return (
    <Stat label="Failed or missing objects" tone={failed?.count ? 'bad' : undefined}>
      {failed === null ? '…' : failed.count === 0 ? '0' : (
        <Link href={`/sources/${sourceId}?tab=objects&status=failed`}>{formatCount(failed.count)}{failed.more ? '+' : ''}</Link>
      )}
    </Stat>
  );
}

function HourlyCard({ source }: { source: SourceDetail }) {
  const hourly = useLoad((signal) => sourcesApi.hourlyForSource(source.id, signal), [source.id, source.health.lastEventAt]);
  const points = hourly.data?.buckets.map((b) => ({ at: b.start, count: b.total })) ?? [];
  const total = points.reduce((sum, p) => sum + p.count, 0);
  const peak = Math.max(0, ...points.map((p) => p.count));
  return (
    <section className="card" aria-labelledby="hourly-title">
      <h3 id="hourly-title" className="card-title">Events per hour of their own time, last 24 h</h3>
      <p className="muted small">By the time the event happened. {formatCount(total)} in all, at most {formatCount(peak)} in one hour.</p>
      {points.length > 0
        ? <Sparkline points={points} width="fill" height={140} axes label={`${formatCount(total)} events by event time in the last 24 hours, at most ${formatCount(peak)} in one hour`} />
        : <p className="muted">{hourly.error ? 'The chart could not be loaded.' : '…'}</p>}
      <p><Link href={searchHref(source.id)}>View this source&apos;s events</Link></p>
    </section>
  );
}

function DetailsCard({ source }: { source: SourceDetail }) {
  const entries = Object.entries(source.config).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return (
    <section className="card" aria-labelledby="details-title">
      <h3 id="details-title" className="card-title">Details</h3>
      <dl className="kv">
        <dt>Source ID</dt><dd className="id-row"><code>{source.id}</code> <CopyText text={source.id} what="source ID" /></dd>
        <dt>Type</dt><dd>{SOURCE_TYPE_LABEL[source.type] ?? source.type}</dd>
        <dt>Created</dt><dd><Time value={source.createdAt} /></dd>
        {source.webhook && (
          <>
            <dt>Token</dt><dd><code>{source.webhook.tokenPrefix}…</code>{source.webhook.tokenRotatedAt ? <> rotated <Time value={source.webhook.tokenRotatedAt} /></> : null}</dd>
            {source.webhook.previousTokenValidUntil && <><dt>Previous token</dt><dd>works until <Time value={source.webhook.previousTokenValidUntil} /></dd></>}
          </>
        )}
        {entries.map(([key, value]) => (
          <FragmentKv key={key} label={CONFIG_LABELS[key] ?? key} value={key === 'secretAccessKeySet' ? 'set (sealed, never shown)' : String(value)} />
        ))}
      </dl>
    </section>
  );
}

function FragmentKv({ label, value }: { label: string; value: string }) {
  return <><dt>{label}</dt><dd><code>{value}</code></dd></>;
}
