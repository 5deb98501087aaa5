import type { Alert } from '../../api/detections-types';
import { Badge } from '../../components/ui';
import { formatCount } from '../../format';
import { Link } from '../../router';
import { AlertStatusBadge, SeverityBadge } from './alert-badges';
import { GroupValues } from './group-values';
import { RelativeTime } from './relative-time';

export function AlertsTable({ rows, loading }: { rows: Alert[]; loading: boolean }) {
  return (
    <div className={`table-wrap dense alerts-table${loading ? ' is-loading' : ''}`} aria-busy={loading}>
      <table>
        <caption className="visually-hidden">Alerts, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Severity</th><th scope="col">Alert</th><th scope="col">Group</th><th scope="col">First seen</th>
            <th scope="col">Last seen</th><th scope="col" className="num">Events</th><th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id}>
              <td><SeverityBadge severity={a.severity} /></td>
              <td className="alert-title-cell">
                <Link href={`/alerts/${encodeURIComponent(a.id)}`} className="alert-title">{a.title}</Link>
                {a.kind === 'monitor' && <> <Badge tone="info">monitor</Badge></>}
                <div className="muted small mono">{a.ruleId}</div>
              </td>
              <td><GroupValues group={a.group} /></td>
              <td className="nowrap"><RelativeTime value={a.firstSeen} /></td>
              <td className="nowrap"><RelativeTime value={a.lastSeen} /></td>
              <td className="num">{formatCount(a.eventCount)}</td>
              <td><AlertStatusBadge status={a.status} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
