import type { AlertDetail } from '../../api/detections-types';
import { searchFor } from '../../components/search-link';
import { formatCount } from '../../format';
import { Link } from '../../router';
import { eventSummary } from '../search/event-summary';
import type { EventRow } from '../search/search-types';
import { tableTime } from '../search/table-time';

/** The events that raised the alert, each linking to its event page. */
export function AlertEvents({ detail }: { detail: AlertDetail }) {
  const { alert, events } = detail;
  const rows = events.map((e) => e.event as unknown as EventRow);
  return (
    <section className="alert-section" aria-labelledby="events-heading">
      <h2 id="events-heading">Events <span className="muted small">{formatCount(alert.eventCount)}</span></h2>
      {alert.eventCount > rows.length && (
        <p className="note note-info">The first {formatCount(rows.length)} of {formatCount(alert.eventCount)} events are listed.</p>
      )}
      {rows.length === 0 ? <p className="muted">No event of this alert is stored any more (retention may have removed them).</p> : (
        <div tabIndex={0} className="table-wrap dense" role="region" aria-label="Events of this alert">
          <table>
            <caption className="visually-hidden">Events of this alert, oldest first</caption>
            <thead><tr><th scope="col">Time</th><th scope="col">Type</th><th scope="col">User</th><th scope="col">Summary</th><th scope="col">Session</th></tr></thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id}>
                  <td className="mono nowrap"><Link href={`/events/${encodeURIComponent(e.id)}`} title={e.time}>{tableTime(e.time)}</Link></td>
                  <td className="nowrap">{e.type}</td>
                  <td>{e.actor ? <Link href={searchFor('user', e.actor)}>{e.actor}</Link> : '—'}</td>
                  <td className="cmd">{eventSummary(e) || <span className="muted">—</span>}</td>
                  <td className="mono">{e.sessionId ? <Link href={`/sessions/${encodeURIComponent(e.sessionId)}`} aria-label={`Session ${e.sessionId}`}>{e.sessionId.slice(0, 8)}…</Link> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
