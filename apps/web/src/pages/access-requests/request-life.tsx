import { Time } from '../../components/ui';
import { Link } from '../../router';
import type { AccessRequestCase } from './access-request-types';
import { RequestStateBadge } from './request-state';

type Step = { time: string; label: string; who: string | null; state: string | null; eventId: string | null; tone: 'plain' | 'use' | 'end' };

const LABELS: Record<string, string> = {
  'access_request.create': 'Requested', 'access_request.review': 'Reviewed', 'access_request.update': 'Decided',
  'access_request.expire': 'Expired', 'access_request.delete': 'Deleted',
};

/** The request's life in time order: its own events, and the first and last use of it, on one line. */
function steps(c: AccessRequestCase): Step[] {
  const out: Step[] = c.lifecycle.map((e) => ({ time: e.time, label: LABELS[e.type] ?? e.type, who: e.actor, state: e.state, eventId: e.eventId, tone: e.type.endsWith('expire') || e.type.endsWith('delete') ? 'end' : 'plain' }));
  if (c.firstUsedAt) out.push({ time: c.firstUsedAt, label: 'First used', who: null, state: null, eventId: null, tone: 'use' });
  if (c.lastUsedAt && c.lastUsedAt !== c.firstUsedAt) out.push({ time: c.lastUsedAt, label: 'Last used', who: null, state: null, eventId: null, tone: 'use' });
  if (c.expiresAt && !c.lifecycle.some((e) => e.type === 'access_request.expire')) out.push({ time: c.expiresAt, label: c.expired ? 'Expired' : 'Expires', who: null, state: null, eventId: null, tone: 'end' });
  return out.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}

export function RequestLife({ request }: { request: AccessRequestCase }) {
  return (
    <ol className="request-life">
      {steps(request).map((s, i) => (
        <li key={`${s.time}-${i}`} className={`step step-${s.tone}`}>
          <span className="step-dot" aria-hidden="true" />
          <span className="step-label">{s.eventId ? <Link href={`/events/${encodeURIComponent(s.eventId)}`}>{s.label}</Link> : s.label}</span>
          <Time value={s.time} />
          {s.who && <span className="muted">by {s.who}</span>}
          {s.state && <RequestStateBadge state={s.state} />}
        </li>
      ))}
    </ol>
  );
}
