import { api, withQuery } from '../../api/client';
import { readListUrl, useCursorList } from '../../components/search-cursor-list';
import { SearchFilterBar } from '../../components/search-filter-bar';
import { SearchQueryError, queryProblem } from '../../components/search-query-error';
import { Empty, ErrorNote, PageHeader, Time } from '../../components/ui';
import { formatCount } from '../../format';
import { useDocumentTitle, useLoad } from '../../hooks';
import { Link, navigate, useLocation } from '../../router';
import { fetchFields } from '../search/search-api';
import type { AccessRequestList, AccessRequestSummary } from './access-request-types';
import { RequestStateBadge } from './request-state';
import './access-requests.css';

export function AccessRequestsPage(_props: Record<string, string>) {
  const { params } = useLocation();
  const { q, from, to } = readListUrl(params);
  useDocumentTitle('Access requests');
  const fields = useLoad(() => fetchFields(), []);
  const list = useCursorList<AccessRequestSummary>(
    (cursor, signal) => api.get<AccessRequestList>('/v1/access-requests', { q: q || undefined, from: from || undefined, to: to || undefined, cursor: cursor ?? undefined, limit: 100 }, signal),
    [q, from, to],
  );
  const go = (next: { q: string; from: string; to: string }) => navigate(withQuery('/access-requests', { q: next.q.trim() || undefined, from: next.from || undefined, to: next.to || undefined }));
  const problem = queryProblem(list.error);

  return (
    <div className="access-requests-page">
      <PageHeader title="Access requests">
        <span className="muted small">Each request as a case: who asked, who approved, and everything done under it</span>
      </PageHeader>
      <SearchFilterBar label="Access requests" q={q} range={{ from, to }} fields={fields.data ?? []} onSearch={go}
        placeholder="user:dave request_state:APPROVED role:admin" invalid={problem !== null} describedBy={problem ? 'ar-query-error' : undefined} />
      {problem ? <SearchQueryError error={list.error} query={q} id="ar-query-error" /> : <ErrorNote error={list.error} title="Access requests could not be listed" />}
      {!list.error && !list.loading && list.rows.length === 0 ? (
        <Empty>
          <p><strong>No access requests</strong>{q ? <> match <code>{q}</code></> : ''} in this range.</p>
          <p>They appear once <code>access_request.*</code> events arrive from your <Link href="/sources">sources</Link>; widen the range or clear the query.</p>
        </Empty>
      ) : !list.error && (
        <div className={`table-wrap dense${list.loading ? ' is-loading' : ''}`} aria-busy={list.loading}>
          <table>
            <caption className="visually-hidden">Access requests</caption>
            <thead>
              <tr><th scope="col">Request</th><th scope="col">State</th><th scope="col">Requester</th><th scope="col">Roles</th><th scope="col" className="num">Reviews</th><th scope="col" className="num">Events</th><th scope="col">First event</th><th scope="col">Last event</th></tr>
            </thead>
            <tbody>
              {list.rows.map((r) => (
                <tr key={r.requestId}>
                  <td className="mono"><Link href={`/access-requests/${encodeURIComponent(r.requestId)}`} aria-label={`Access request ${r.requestId}`}>{r.requestId}</Link></td>
                  <td><RequestStateBadge state={r.state} /></td>
                  <td>{r.requester ?? <span className="muted">—</span>}</td>
                  <td>{r.roles?.length ? r.roles.join(', ') : <span className="muted">—</span>}</td>
                  <td className="num">{formatCount(r.reviews)}</td>
                  <td className="num">{formatCount(r.events)}</td>
                  <td className="nowrap"><Time value={r.firstEventAt} /></td>
                  <td className="nowrap"><Time value={r.lastEventAt} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.nextCursor && (
        <div className="list-foot">
          <span className="muted small">{list.rows.length} shown</span>
          <button type="button" className="btn" onClick={list.loadMore} disabled={list.loadingMore}>{list.loadingMore ? 'Loading…' : 'Load more'}</button>
        </div>
      )}
      <ErrorNote error={list.moreError} title="Loading more failed" />
    </div>
  );
}
