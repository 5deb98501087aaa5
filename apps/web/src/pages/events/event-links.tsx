import { searchFor } from '../../components/search-link';
import { Link } from '../../router';

type Props = {
  id: string;
  fields: Record<string, unknown>;
  /** on the search page the event page is one more link; on the event page it is where we are */
  showEventPage?: boolean;
  range?: { from?: string; to?: string };
};

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Where to go from one event: its session, its access requests, and the same actor, node or type. */
export function EventLinks({ id, fields, showEventPage = false, range }: Props) {
  const sid = text(fields.sessionId);
  const requests = [...new Set([text(fields.requestId), ...(Array.isArray(fields.accessRequests) ? fields.accessRequests.map(text) : [])].filter((r): r is string => r !== null))];
  const actor = text(fields.actor);
  const node = text(fields.serverHostname);
  const type = text(fields.type);
  const ip = text(fields.remoteIp);
  return (
    <nav className="event-links" aria-label="Related">
      {showEventPage && <Link href={`/events/${encodeURIComponent(id)}`}>Open event page</Link>}
      {sid && <Link href={`/sessions/${encodeURIComponent(sid)}`}>Session {sid.slice(0, 8)}…</Link>}
      {sid && <Link href={searchFor('sid', sid, range)}>Session events</Link>}
      {requests.map((r) => <Link key={r} href={`/access-requests/${encodeURIComponent(r)}`}>Access request {r.slice(0, 8)}…</Link>)}
      {actor && <Link href={searchFor('user', actor, range)}>Search actor {actor}</Link>}
      {node && <Link href={searchFor('node', node, range)}>Search node {node}</Link>}
      {ip && <Link href={searchFor('ip', ip, range)}>Search IP {ip}</Link>}
      {type && <Link href={searchFor('event', type, range)}>Search type {type}</Link>}
    </nav>
  );
}
