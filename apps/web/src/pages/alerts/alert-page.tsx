import { useState } from 'react';
import { alertsApi } from '../../api/alerts-api';
import { ApiError } from '../../api/client';
import type { AlertDetail } from '../../api/detections-types';
import { useAuth } from '../../auth';
import { useAction } from '../../components/settings-use-action';
import { Badge, ErrorNote, Loading, PageHeader, Time } from '../../components/ui';
import { formatCount } from '../../format';
import { useDocumentTitle, useLoad } from '../../hooks';
import { Link } from '../../router';
import { AlertStatusBadge, SeverityBadge } from './alert-badges';
import { AlertDeliveries } from './alert-deliveries';
import { AlertEvents } from './alert-events';
import { AlertNotes } from './alert-notes';
import { AlertRuleCard } from './alert-rule';
import { statusActions, type StatusAction } from './alert-text';
import { GroupValues } from './group-values';
import { MonitorDetails } from './monitor-details';
import { RelativeTime } from './relative-time';
import '../../components/search-tables.css';
import './alerts.css';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function AlertPage({ id }: Record<string, string>) {
  const alertId = id ?? '';
  // A mistyped address would otherwise surface as the API's schema message about the id's format.
  const detail = useLoad((signal) => (UUID.test(alertId) ? alertsApi.get(alertId, signal) : Promise.reject(new Error('There is no alert at this address.'))), [alertId]);
  useDocumentTitle(detail.data ? detail.data.alert.title : 'Alert');

  if (!detail.data) {
    return (
      <>
        <PageHeader title="Alert"><Link href="/alerts">All alerts</Link></PageHeader>
        {detail.error ? (
          <>
            <ErrorNote error={detail.error} title="Could not load the alert" />
            {detail.error instanceof ApiError && detail.error.status === 404 && <p>It may belong to another tenant, or the link may be cut short.</p>}
          </>
        ) : <Loading label="Loading the alert" />}
      </>
    );
  }
  return <AlertView detail={detail.data} onChanged={detail.reload} />;
}

function AlertView({ detail, onChanged }: { detail: AlertDetail; onChanged: () => void }) {
  const { alert, rule } = detail;
  return (
    <div className="alert-page">
      <PageHeader title={<span className="alert-heading">{alert.title}</span>}>
        <Link href="/alerts">All alerts</Link>
      </PageHeader>
      <div className="alert-summary">
        <SeverityBadge severity={alert.severity} />
        <AlertStatusBadge status={alert.status} />
        <Badge tone={alert.kind === 'monitor' ? 'info' : 'neutral'}>{alert.kind}</Badge>
        <span className="muted">{formatCount(alert.eventCount)} event{alert.eventCount === 1 ? '' : 's'}, first <RelativeTime value={alert.firstSeen} />, last <RelativeTime value={alert.lastSeen} /></span>
      </div>

      <div className="alert-grid">
        <section className="card" aria-labelledby="triage-heading">
          <h2 id="triage-heading">Triage</h2>
          <dl className="kv">
            <dt>Status</dt><dd><AlertStatusBadge status={alert.status} /></dd>
            <dt>Acknowledged</dt><dd>{alert.acknowledgedAt ? <>by <strong>{alert.acknowledgedBy ?? 'unknown'}</strong> at <Time value={alert.acknowledgedAt} /></> : <span className="muted">not yet</span>}</dd>
            <dt>Resolved</dt><dd>{alert.resolvedAt ? <>by <strong>{alert.resolvedBy ?? 'unknown'}</strong> at <Time value={alert.resolvedAt} /></> : <span className="muted">not yet</span>}</dd>
            <dt>First seen</dt><dd><Time value={alert.firstSeen} /></dd>
            <dt>Last seen</dt><dd><Time value={alert.lastSeen} /></dd>
            <dt>Group</dt><dd><GroupValues group={alert.group} /></dd>
          </dl>
          <StatusButtons alertId={alert.id} status={alert.status} onChanged={onChanged} />
        </section>
        {rule ? <AlertRuleCard rule={rule} /> : (
          <section className="card" aria-labelledby="rule-heading">
            <h2 id="rule-heading">Rule</h2>
            <p className="muted">Raised by <code>{alert.ruleId}</code> version {alert.ruleVersion}{alert.kind === 'monitor' ? ', a built-in completeness monitor' : '; that version is no longer stored'}.</p>
          </section>
        )}
      </div>

      <AlertNotes alertId={alert.id} notes={detail.notes} onChanged={onChanged} />
      {alert.kind === 'monitor' ? <MonitorDetails alert={alert} /> : <AlertEvents detail={detail} />}
      <AlertDeliveries deliveries={detail.deliveries} />
    </div>
  );
}

function StatusButtons({ alertId, status, onChanged }: { alertId: string; status: string; onChanged: () => void }) {
  const { isAdmin } = useAuth();
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const change = useAction(async (action: StatusAction) => {
    await alertsApi.setStatus(alertId, action.status, note.trim() || undefined);
    setNote('');
    setDone(action.status === 'open' ? 'Reopened' : `Marked ${action.status}`);
    onChanged();
  });
  const reasonId = `status-reason-${alertId}`;
  return (
    <div className="status-actions">
      {isAdmin && (
        <label className="status-note">
          Note <span className="hint">(optional, kept with the alert)</span>
          <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} placeholder="Why, for whoever reads this later" />
        </label>
      )}
      <div className="form-row">
        {statusActions(status).map((a) => (
          <button key={a.status} type="button" className={`btn${a.status === 'resolved' ? ' btn-primary' : ''}`} disabled={!isAdmin || change.busy}
            aria-describedby={isAdmin ? undefined : reasonId} onClick={() => { setDone(null); void change.run(a); }}>
            {a.label}
          </button>
        ))}
      </div>
      {!isAdmin && <p id={reasonId} className="hint">Only admins can acknowledge, resolve or reopen alerts.</p>}
      <p className="visually-hidden" role="status">{done ?? ''}</p>
      <ErrorNote error={change.error} title="The status was not changed" />
    </div>
  );
}
