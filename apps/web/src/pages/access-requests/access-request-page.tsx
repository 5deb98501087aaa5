import { api, ApiError } from '../../api/client';
import { rangeAround, searchFor } from '../../components/search-link';
import { Badge, CopyButton, ErrorNote, Loading, PageHeader, Time } from '../../components/ui';
import { formatCount } from '../../format';
import { useDocumentTitle, useLoad } from '../../hooks';
import { Link } from '../../router';
import { SessionsTable } from '../sessions/sessions-table';
import type { AccessRequestCase } from './access-request-types';
import { RequestLife } from './request-life';
import { RequestStateBadge } from './request-state';
import { UsageByType, UsedEventsTable } from './request-usage';
import '../../components/search-tables.css';
import './access-requests.css';

function resourceText(r: unknown): string {
  if (r && typeof r === 'object') {
    const o = r as Record<string, unknown>;
    if (typeof o.kind === 'string' || typeof o.name === 'string') return [o.cluster, o.kind, o.name].filter((x) => typeof x === 'string').join('/');
  }
  return JSON.stringify(r);
}

export function AccessRequestPage({ id }: Record<string, string>) {
  const requestId = id ?? '';
  useDocumentTitle(`Access request ${requestId.slice(0, 8)}`);
  const { data, error, loading } = useLoad((signal) => api.get<AccessRequestCase>(`/v1/access-requests/${encodeURIComponent(requestId)}`, undefined, signal), [requestId]);

  if (loading && !data) return <><PageHeader title="Access request" /><Loading label="Loading the access request" /></>;
  if (error) {
    return (
      <>
        <PageHeader title="Access request" />
        <ErrorNote error={error} />
        {error instanceof ApiError && error.status === 404 && <p>No event of this tenant names request <code>{requestId}</code>. <Link href="/access-requests">All access requests</Link>.</p>}
      </>
    );
  }
  if (!data) return null;
  const r = data;
  const last = [r.lastUsedAt, r.expiredAt, r.decidedAt, r.deletedAt, r.lifecycle.at(-1)?.time].filter((t): t is string => !!t).sort().at(-1);
  const range = rangeAround(r.createdAt ?? r.lifecycle[0]?.time ?? r.firstUsedAt, last);

  return (
    <div className="access-request-page">
      <PageHeader title={<>Access request <span className="mono small">{r.requestId}</span></>}>
        <CopyButton text={r.requestId} label="Copy id" />
        <RequestStateBadge state={r.state} />
        {r.selfApproved && <Badge tone="bad">self-approved</Badge>}
        {r.expired && <Badge tone="neutral">expired</Badge>}
        {r.deletedAt && <Badge tone="neutral">deleted</Badge>}
      </PageHeader>
      <nav className="session-links" aria-label="Related">
        <Link href={searchFor('access_request', r.requestId, range)}>Search its {formatCount(r.usage.events + r.lifecycle.length)} event{r.usage.events + r.lifecycle.length === 1 ? '' : 's'}</Link>
        {r.requester && <Link href={searchFor('user', r.requester, range)}>Everything {r.requester} did then</Link>}
        <Link href="/access-requests">All access requests</Link>
      </nav>
      {r.selfApproved && <p className="note note-error" role="note"><strong>Self-approved:</strong> {r.requester} approved their own request.</p>}

      <div className="request-grid">
        <section className="card" aria-labelledby="case-heading">
          <h2 id="case-heading">Request</h2>
          <dl className="kv">
            <dt>Requester</dt><dd>{r.requester ?? '—'}</dd>
            <dt>Roles</dt><dd>{r.roles.length ? r.roles.map((role) => <Badge key={role} tone="info">{role}</Badge>) : '—'}</dd>
            {r.resources.length > 0 && <><dt>Resources</dt><dd className="mono small">{r.resources.map(resourceText).join(', ')}</dd></>}
            <dt>Reason</dt><dd>{r.reason ?? <span className="muted">none given</span>}</dd>
            <dt>Suggested reviewers</dt><dd>{r.suggestedReviewers.join(', ') || '—'}</dd>
            <dt>Created</dt><dd><Time value={r.createdAt} /></dd>
            <dt>Decision</dt><dd><RequestStateBadge state={r.state} />{r.decidedBy && <> by <strong>{r.decidedBy}</strong></>}{r.decidedAt && <> at <Time value={r.decidedAt} /></>}</dd>
            <dt>Expires</dt><dd>{r.expiresAt ? <><Time value={r.expiresAt} />{r.expired && <span className="muted"> (expired{r.expiredAt && Math.abs(Date.parse(r.expiredAt) - Date.parse(r.expiresAt)) > 1000 ? <> <Time value={r.expiredAt} /></> : ''})</span>}</> : '—'}</dd>
            {r.deletedAt && <><dt>Deleted</dt><dd><Time value={r.deletedAt} /></dd></>}
            <dt>Used</dt><dd>{r.firstUsedAt ? <><Time value={r.firstUsedAt} /> → <Time value={r.lastUsedAt} /></> : <span className="muted">never</span>}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="life-heading">
          <h2 id="life-heading">Life</h2>
          <RequestLife request={r} />
        </section>
      </div>

      <section className="request-section" aria-labelledby="reviews-heading">
        <h2 id="reviews-heading">Reviews <span className="muted small">{r.reviews.length}</span></h2>
        {r.reviews.length === 0 ? <p className="muted">No reviews recorded.</p> : (
          <div tabIndex={0} className="table-wrap dense">
            <table>
              <caption className="visually-hidden">Reviews</caption>
              <thead><tr><th scope="col">Time</th><th scope="col">Reviewer</th><th scope="col">Proposed</th><th scope="col">Reason</th></tr></thead>
              <tbody>
                {r.reviews.map((v) => (
                  <tr key={v.eventId}>
                    <td className="nowrap"><Link href={`/events/${encodeURIComponent(v.eventId)}`}><Time value={v.time} /></Link></td>
                    <td>{v.reviewer ?? '—'}{v.reviewer && v.reviewer === r.requester && <> <Badge tone="bad">requester</Badge></>}</td>
                    <td><RequestStateBadge state={v.proposedState} /></td>
                    <td>{v.reason ?? <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="request-section" aria-labelledby="usage-heading">
        <h2 id="usage-heading">Done under this request <span className="muted small">{formatCount(r.usage.events)} events · {formatCount(r.usage.sessions)} sessions</span></h2>
        {r.usage.truncated && <p className="note note-warn">More than 5,000 events were done under it; the first 5,000 are listed. <Link href={searchFor('access_request', r.requestId, range)}>Search them all</Link>.</p>}
        <UsageByType request={r} range={range} />
        {r.sessions.length > 0 && (
          <>
            <h3>Sessions</h3>
            <SessionsTable rows={r.sessions} caption="Sessions run under this access request" />
          </>
        )}
        {r.events.length > 0 && <h3>Events</h3>}
        <UsedEventsTable request={r} />
      </section>
    </div>
  );
}
