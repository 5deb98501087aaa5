import { useState } from 'react';
import { useAction } from '../../components/settings-use-action';
import { Badge, Button, Empty, ErrorNote, Loading, Time } from '../../components/ui';
import { formatCount } from '../../format';
import { navigate, useLocation } from '../../router';
import { OBJECT_STATUSES, sourcesApi, type IngestedObject, type ObjectStatus, type SourceDetail } from './sources-api';
import { usePages } from './use-pages';

const TONE: Record<string, 'good' | 'warn' | 'bad' | 'info' | 'neutral'> = {
  done: 'good', queued: 'info', processing: 'info', skipped: 'neutral', missing: 'warn', failed: 'bad',
};
const RETRYABLE = new Set(['failed', 'missing']);

const formatBytes = (n: number | null) => {
  if (n === null) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
};

export function ObjectsTab({ source, isAdmin }: { source: SourceDetail; isAdmin: boolean }) {
  const { params } = useLocation();
  const requested = params.get('status');
  const status = (OBJECT_STATUSES as readonly string[]).includes(requested ?? '') ? requested as ObjectStatus : null;
  const pages = usePages((cursor, signal) => sourcesApi.objects(source.id, { status, cursor }, signal), [source.id, status]);

  const setStatus = (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set('status', value);
    else next.delete('status');
    navigate(`/sources/${source.id}?${next.toString()}`, { replace: true });
  };

  return (
    <section aria-labelledby="objects-title">
      <h2 id="objects-title" className="visually-hidden">Objects</h2>
      <p className="muted">
        Every object the bucket announced (or a backfill listed), with what became of it. Failed and missing ones can be
        retried; bad records inside an object go to the quarantine and the object still counts as done.
      </p>
      <div className="toolbar">
        <label className="inline-label">
          Status
          <select value={status ?? ''} onChange={(e) => setStatus(e.target.value)}>
            <option value="">All</option>
            {OBJECT_STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <Button onClick={pages.reload} disabled={pages.loading}>Refresh</Button>
      </div>
      <ErrorNote error={pages.error} title="Could not load the objects" />
      {pages.items.length === 0 && !pages.loading && !pages.error && (
        <Empty>{status ? `No ${status} objects.` : 'No objects yet. They appear when the bucket announces new ones, or when a backfill lists them.'}</Empty>
      )}
      {pages.items.length > 0 && (
        <div className="table-wrap">
          <table className="objects-table">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">Events</th>
                <th scope="col" className="num">New</th>
                <th scope="col" className="num">Duplicates</th>
                <th scope="col" className="num">Bad records</th>
                <th scope="col" className="num">Size</th>
                <th scope="col" className="num">Attempts</th>
                <th scope="col">Seen</th>
                <th scope="col"><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {pages.items.map((object) => <ObjectRow key={object.id} sourceId={source.id} object={object} isAdmin={isAdmin} />)}
            </tbody>
          </table>
        </div>
      )}
      {pages.loading && <Loading label="Loading objects" />}
      {pages.nextCursor && !pages.loading && <Button onClick={pages.loadMore}>Load more objects</Button>}
    </section>
  );
}

function ObjectRow({ sourceId, object: initial, isAdmin }: { sourceId: string; object: IngestedObject; isAdmin: boolean }) {
  const [object, setObject] = useState(initial);
  const retry = useAction(async () => setObject(await sourcesApi.retryObject(sourceId, object.id)));
  return (
    <tr>
      <td className="object-key">
        <code>{object.key}</code>
        {object.lastError && <div className={object.status === 'skipped' ? 'object-note' : 'object-error'}>{object.lastError}</div>}
        {retry.error ? <ErrorNote error={retry.error} /> : null}
      </td>
      <td><Badge tone={TONE[object.status] ?? 'neutral'}>{object.status}</Badge>{object.format ? <div className="muted small">{object.format}</div> : null}</td>
      <td className="num">{formatCount(object.events.total)}</td>
      <td className="num">{formatCount(object.events.inserted)}</td>
      <td className="num">{formatCount(object.events.duplicate)}</td>
      <td className="num">{object.events.badRecords > 0 ? <span className="count-bad">{formatCount(object.events.badRecords)}</span> : '0'}</td>
      <td className="num">{formatBytes(object.size)}</td>
      <td className="num">{object.attempts}</td>
      <td className="small"><Time value={object.firstSeenAt} /><div className="muted">via {object.via}</div></td>
      <td>
        {RETRYABLE.has(object.status) && (isAdmin
          ? <Button onClick={() => void retry.run()} disabled={retry.busy} aria-label={`Retry ${object.key}`}>{retry.busy ? 'Retrying…' : 'Retry'}</Button>
          : <span className="muted small">Admins can retry</span>)}
      </td>
    </tr>
  );
}
