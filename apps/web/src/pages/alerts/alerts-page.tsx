import { useState } from 'react';
import { alertsApi } from '../../api/alerts-api';
import { ALERT_STATUSES, SEVERITIES, type Alert, type AlertPage } from '../../api/detections-types';
import { rulesApi } from '../../api/rules-api';
import { useCursorList } from '../../components/search-cursor-list';
import { Empty, ErrorNote, Loading, PageHeader } from '../../components/ui';
import { formatCount } from '../../format';
import { useDocumentTitle, useInterval, useLoad } from '../../hooks';
import { Link, navigate, useLocation } from '../../router';
import { alertsHref, alertsQuery, hasFilters, readAlertFilters, toggleIn, type AlertFilters } from './alert-filters';
import { AlertsTable } from './alerts-table';
import '../../components/search-tables.css';
import './alerts.css';

const PAGE = 50;
// New alerts show up without a reload; only on the first page, so a reader who loaded more keeps their place.
export const ALERTS_REFRESH_MS = 15_000;
const STATUS_LABEL: Record<string, string> = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' };

export function AlertsPage(_props: Record<string, string>) {
  const { params } = useLocation();
  const filters = readAlertFilters(params);
  const key = alertsHref(filters);
  useDocumentTitle('Alerts');
  const [counts, setCounts] = useState<AlertPage['counts'] | null>(null);
  const rules = useLoad((signal) => rulesApi.list(signal), []);
  const [refresh, setRefresh] = useState(0);
  const list = useCursorList<Alert>(async (cursor, signal) => {
    const page = await alertsApi.list({ ...alertsQuery(filters), cursor: cursor ?? undefined, limit: PAGE }, signal);
    if (!cursor) setCounts(page.counts);
    return page;
  }, [key, refresh]);
  useInterval(() => setRefresh((n) => n + 1), list.rows.length <= PAGE && !list.loadingMore ? ALERTS_REFRESH_MS : null);
  const go = (next: AlertFilters) => navigate(alertsHref(next));

  return (
    <div className="alerts-page">
      <PageHeader title="Alerts">
        <p className="alert-counts" aria-live="polite">
          {counts ? ALERT_STATUSES.map((s) => <span key={s}><strong>{formatCount(counts.byStatus[s] ?? 0)}</strong> {s}</span>) : <span className="muted">…</span>}
        </p>
      </PageHeader>
      <FilterBar filters={filters} counts={counts} ruleOptions={rules.data?.data ?? []} onChange={go} />
      <ErrorNote error={list.error} title="Alerts could not be listed" />
      {!list.error && list.loading && list.rows.length === 0 && <Loading label="Loading alerts" />}
      {!list.error && !list.loading && list.rows.length === 0 ? (
        hasFilters(filters) ? (
          <Empty>
            <p><strong>No alerts match these filters.</strong></p>
            <p><Link href="/alerts">Show every alert</Link></p>
          </Empty>
        ) : (
          <Empty>
            <p><strong>No alerts yet.</strong></p>
            <p>An alert is raised when an enabled detection rule matches incoming events (a root login, a reverse shell, a self-approved access request), or when the completeness monitor finds a source silent or a session missing events.</p>
            <p>See the <Link href="/rules">rules</Link> that run on your events, and where alerts are sent in <Link href="/settings/destinations">destinations</Link>.</p>
          </Empty>
        )
      ) : list.rows.length > 0 && <AlertsTable rows={list.rows} loading={list.loading} />}
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

type FilterBarProps = { filters: AlertFilters; counts: AlertPage['counts'] | null; ruleOptions: { id: string; title: string }[]; onChange: (next: AlertFilters) => void };

function FilterBar({ filters, counts, ruleOptions, onChange }: FilterBarProps) {
  // A rule named by the URL stays selectable even when it is not in the list (a monitor, a deleted rule).
  const options = filters.rule && !ruleOptions.some((r) => r.id === filters.rule) ? [...ruleOptions, { id: filters.rule, title: filters.rule }] : ruleOptions;
  return (
    <div className="alert-filters">
      <div className="chip-group" role="group" aria-label="Status">
        <span className="chip-group-label" aria-hidden="true">Status</span>
        {ALERT_STATUSES.map((s) => (
          <button key={s} type="button" className="btn btn-xs chip" aria-pressed={filters.status.includes(s)}
            onClick={() => onChange({ ...filters, status: toggleIn(filters.status, s, ALERT_STATUSES) })}>
            {STATUS_LABEL[s]}{counts ? <span className="chip-count">{formatCount(counts.byStatus[s] ?? 0)}</span> : null}
          </button>
        ))}
      </div>
      <div className="chip-group" role="group" aria-label="Severity">
        <span className="chip-group-label" aria-hidden="true">Severity</span>
        {SEVERITIES.map((s) => (
          <button key={s} type="button" className={`btn btn-xs chip chip-severity-${s}`} aria-pressed={filters.severity.includes(s)}
            onClick={() => onChange({ ...filters, severity: toggleIn(filters.severity, s, SEVERITIES) })}>
            {s}{counts ? <span className="chip-count">{formatCount(counts.bySeverity[s] ?? 0)}</span> : null}
          </button>
        ))}
      </div>
      <label className="inline-select">
        Rule
        <select value={filters.rule} onChange={(e) => onChange({ ...filters, rule: e.target.value })}>
          <option value="">Any rule</option>
          {options.map((r) => <option key={r.id} value={r.id}>{r.title}</option>)}
        </select>
      </label>
      <label className="inline-select">
        Kind
        <select value={filters.kind} onChange={(e) => onChange({ ...filters, kind: e.target.value })}>
          <option value="">Detections and monitors</option>
          <option value="detection">Detections (rules)</option>
          <option value="monitor">Monitors (completeness)</option>
        </select>
      </label>
      {hasFilters(filters) && <button type="button" className="btn btn-ghost btn-xs" onClick={() => onChange({ status: [], severity: [], rule: '', kind: '' })}>Clear filters</button>}
    </div>
  );
}
