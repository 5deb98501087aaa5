import { useId, useMemo, useState } from 'react';
import { Button, Empty, ErrorNote, Loading, Time } from '../../components/ui';
import { useLoad } from '../../hooks';
import { Link } from '../../router';
import { sourcesApi } from '../sources/sources-api';
import { usePages } from '../sources/use-pages';
import { settingsApi, type AuditEntry } from './settings-api';

export function AuditLogTab({ isAdmin }: { isAdmin: boolean }) {
  if (!isAdmin) return <p className="note note-info">Only admins can read the audit log.</p>;
  return <AuditLog />;
}

function AuditLog() {
  const pages = usePages((cursor, signal) => settingsApi.auditLog(cursor, signal), []);
  // Targets are ids; a source is easier to recognise by its name, when it still exists.
  const sources = useLoad((signal) => sourcesApi.list(signal).catch(() => ({ data: [] })), []);
  const names = useMemo(() => new Map(sources.data?.data.map((s) => [s.id, s.name])), [sources.data]);
  return (
    <section aria-labelledby="audit-title" className="settings-section">
      <h2 id="audit-title" className="visually-hidden">Audit log</h2>
      <div className="toolbar-row">
        <p className="muted">Every admin action on this tenant, and every denied attempt: who, what, when and from where. Newest first.</p>
        <Button onClick={pages.reload} disabled={pages.loading}>Refresh</Button>
      </div>
      <ErrorNote error={pages.error} title="Could not load the audit log" />
      {pages.items.length === 0 && !pages.loading && !pages.error && <Empty>No admin actions yet.</Empty>}
      {pages.items.length > 0 && (
        <div className="table-wrap">
          <table className="audit-table">
            <caption className="visually-hidden">Audit log</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Action</th>
                <th scope="col">Actor</th>
                <th scope="col">Target</th>
                <th scope="col">From</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {pages.items.map((entry) => <AuditRow key={entry.id} entry={entry} names={names} />)}
            </tbody>
          </table>
        </div>
      )}
      {pages.loading && <Loading label="Loading the audit log" />}
      {pages.nextCursor && !pages.loading && <Button onClick={pages.loadMore}>Load more</Button>}
    </section>
  );
}

const DENIED = /denied|forbidden|failed/i;

/** uuidv7 ids share their leading (time) digits, so the tail is what tells two apart. */
const shortId = (id: string) => (id.length > 12 ? `…${id.slice(-8)}` : id);

function targetLink(entry: AuditEntry, names: Map<string, string>) {
  const { type, id } = entry.target;
  if (!type) return <span className="muted">—</span>;
  const name = id ? names.get(id) : undefined;
  if (type === 'source' && id && name) return <Link href={`/sources/${id}`}>{name}</Link>;
  return <span title={id ?? undefined}>{type}{id ? <> <code>{shortId(id)}</code></> : null}</span>;
}

/** The details in one line (scalars only), so most entries need no expanding. */
function summary(details: Record<string, unknown>): string {
  const scalar = (v: unknown) => v !== null && ['string', 'number', 'boolean'].includes(typeof v);
  return Object.entries(details)
    .filter(([, v]) => scalar(v) || (Array.isArray(v) && v.every(scalar)))
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join('; ');
}

function AuditRow({ entry, names }: { entry: AuditEntry; names: Map<string, string> }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const hasDetails = Object.keys(entry.details).length > 0;
  const actor = entry.actor.email ?? (entry.actor.keyPrefix ? `key ${entry.actor.keyPrefix}…` : null);
  return (
    <>
      <tr>
        <td className="nowrap"><Time value={entry.at} /></td>
        <td><code className={DENIED.test(entry.action) ? 'count-bad' : undefined}>{entry.action}</code></td>
        <td>{actor ?? <span className="muted">—</span>}</td>
        <td className="nowrap">{targetLink(entry, names)}</td>
        <td className="small">{entry.ip ?? <span className="muted">—</span>}{entry.userAgent && <div className="muted ua" title={entry.userAgent}>{entry.userAgent}</div>}</td>
        <td>
          {hasDetails
            ? (
              <div className="audit-summary">
                <span className="small">{summary(entry.details)}</span>
                <Button variant="ghost" className="details-toggle" onClick={() => setOpen(!open)} aria-expanded={open} aria-controls={id}>
                  {open ? 'Hide' : 'All'}<span className="visually-hidden"> details of {entry.action} at {entry.at}</span>
                </Button>
              </div>
            )
            : <span className="muted">—</span>}
        </td>
      </tr>
      {hasDetails && (
        <tr id={id} hidden={!open} className="audit-details">
          <td colSpan={6}><pre>{JSON.stringify(entry.details, null, 2)}</pre>{entry.requestId && <div className="muted small">Request {entry.requestId}</div>}</td>
        </tr>
      )}
    </>
  );
}
