import { useState } from 'react';
import { searchHref } from '../../components/search-link';
import { fieldTerm } from '../../components/search-query';
import { formatCount } from '../../format';
import { Link } from '../../router';
import { eventSummary, nodeOf, outcomeOf } from '../search/event-summary';
import type { EventRow } from '../search/search-types';
import { tableTime } from '../search/table-time';
import { Badge } from '../../components/ui';
import type { AccessRequestCase } from './access-request-types';

const SHOWN = 300;

/** Counts by event type, each a search for those events under the request. */
export function UsageByType({ request, range }: { request: AccessRequestCase; range: { from?: string; to?: string } }) {
  const entries = Object.entries(request.usage.byType);
  if (entries.length === 0) return <p className="muted">Nothing was done under this request (no event carries it in its certificate's access_requests).</p>;
  const base = fieldTerm('access_request', request.requestId);
  return (
    <ul className="usage-types">
      {entries.map(([type, n]) => (
        <li key={type}><Link href={searchHref({ q: `${base} ${fieldTerm('event', type)}`, ...range })}>{type}</Link> <span className="muted">{formatCount(n)}</span></li>
      ))}
    </ul>
  );
}

/** Every event done under the request, oldest first. */
export function UsedEventsTable({ request }: { request: AccessRequestCase }) {
  const [all, setAll] = useState(false);
  const rows = (all ? request.events : request.events.slice(0, SHOWN)) as unknown as EventRow[];
  if (rows.length === 0) return null;
  return (
    <>
      <div tabIndex={0} className="table-wrap dense used-events">
        <table>
          <caption className="visually-hidden">Events done under this access request</caption>
          <thead><tr><th scope="col">Time</th><th scope="col">Event</th><th scope="col">Actor</th><th scope="col">Node</th><th scope="col">Session</th><th scope="col">Details</th><th scope="col">Outcome</th></tr></thead>
          <tbody>
            {rows.map((e) => {
              const o = outcomeOf(e);
              return (
                <tr key={e.id}>
                  <td className="mono nowrap"><Link href={`/events/${encodeURIComponent(e.id)}`} title={e.time}>{tableTime(e.time)}</Link></td>
                  <td className="nowrap">{e.type}</td>
                  <td>{e.actor ?? '—'}</td>
                  <td>{nodeOf(e) ?? '—'}</td>
                  <td className="mono">{e.sessionId ? <Link href={`/sessions/${encodeURIComponent(e.sessionId)}`} aria-label={`Session ${e.sessionId}`}>{e.sessionId.slice(0, 8)}…</Link> : '—'}</td>
                  <td className="cmd">{eventSummary(e)}</td>
                  <td>{o.tone === 'neutral' ? <span className="muted">—</span> : <Badge tone={o.tone}>{o.label}</Badge>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {request.events.length > SHOWN && !all && <button type="button" className="btn" onClick={() => setAll(true)}>Show all {formatCount(request.events.length)} events</button>}
    </>
  );
}
