import { withQuery, api } from '../../api/client';
import { useCursorList, readListUrl } from '../../components/search-cursor-list';
import { SearchFilterBar } from '../../components/search-filter-bar';
import { SearchQueryError, queryProblem } from '../../components/search-query-error';
import { termState, toggleTerm } from '../../components/search-query';
import { Empty, ErrorNote, PageHeader } from '../../components/ui';
import { useDocumentTitle } from '../../hooks';
import { Link, navigate, useLocation } from '../../router';
import { SessionsTable } from './sessions-table';
import { SESSION_QUERY_FIELDS, type SessionList } from './session-types';
import './sessions.css';

const QUICK = [
  { label: 'Incomplete or open', field: 'complete', value: 'false', title: 'complete:false: an event is missing or there is no end yet' },
  { label: 'Abandoned', field: 'status', value: 'abandoned', title: 'status:abandoned: no end and silent for 24 hours' },
  { label: 'Root logins', field: 'login', value: 'root', title: 'login:root' },
];

export function SessionsPage(_props: Record<string, string>) {
  const { params } = useLocation();
  const { q, from, to } = readListUrl(params);
  useDocumentTitle('Sessions');
  const list = useCursorList<SessionList['data'][number]>(
    (cursor, signal) => api.get<SessionList>('/v1/sessions', { q: q || undefined, from: from || undefined, to: to || undefined, cursor: cursor ?? undefined, limit: 100 }, signal),
    [q, from, to],
  );
  const go = (next: { q: string; from: string; to: string }) => navigate(withQuery('/sessions', { q: next.q.trim() || undefined, from: next.from || undefined, to: next.to || undefined }));
  const problem = queryProblem(list.error);

  return (
    <div className="sessions-page">
      <PageHeader title="Sessions">
        <span className="muted small">SSH, Kubernetes, database, app and desktop sessions, with whether every event arrived</span>
      </PageHeader>
      <SearchFilterBar label="Sessions" q={q} range={{ from, to }} fields={SESSION_QUERY_FIELDS} onSearch={go}
        placeholder="user:alice node:prod-* login:root complete:false status:abandoned" invalid={problem !== null} describedBy={problem ? 'sessions-query-error' : undefined} />
      <div className="quick-filters" role="group" aria-label="Quick filters">
        {QUICK.map((f) => (
          <button key={f.label} type="button" className="btn btn-xs" title={f.title} aria-pressed={termState(q, f.field, f.value) === 'included'}
            onClick={() => go({ q: toggleTerm(q, f.field, f.value, 'include'), from, to })}>{f.label}</button>
        ))}
      </div>
      {problem ? <SearchQueryError error={list.error} query={q} id="sessions-query-error" /> : <ErrorNote error={list.error} title="Sessions could not be listed" />}
      {!list.error && !list.loading && list.rows.length === 0 ? (
        <Empty>
          <p><strong>No sessions</strong>{q ? <> match <code>{q}</code></> : ''} in this range.</p>
          <p>Sessions appear when the Event Handler forwards <code>session.*</code> events; widen the range, clear the query, or check your <Link href="/sources">sources</Link>.</p>
        </Empty>
      ) : !list.error && (
        <SessionsTable rows={list.rows} loading={list.loading} />
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
