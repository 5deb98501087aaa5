import { Badge, Time } from '../../components/ui';
import '../../components/search-tables.css';
import { formatCount, formatDuration } from '../../format';
import { Link, navigate } from '../../router';
import { SessionStatusBadge, completenessText, kindLabel } from './session-status';
import type { SessionSummary } from './session-types';

/** Sessions, newest first: status, when, who, where, and whether every event arrived. */
export function SessionsTable({ rows, loading, caption }: { rows: SessionSummary[]; loading?: boolean; caption?: string }) {
  return (
    <div className={`table-wrap dense${loading ? ' is-loading' : ''}`} aria-busy={loading}>
      <table>
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            <th scope="col">Status</th><th scope="col">Completeness</th><th scope="col">Started</th><th scope="col">Duration</th><th scope="col">User</th><th scope="col">Login</th>
            <th scope="col">Kind</th><th scope="col">Target</th><th scope="col">Cluster</th><th scope="col" className="num">Events</th><th scope="col">Session</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => {
            const c = completenessText(s);
            const others = s.participants.filter((p) => p !== s.initiator);
            return (
              // The whole row opens the session for the mouse; the id link is the keyboard's way in.
              <tr key={s.sessionId} className="clickable" onClick={(e) => { if (!(e.target as HTMLElement).closest('a')) navigate(`/sessions/${encodeURIComponent(s.sessionId)}`); }}>
                <td><SessionStatusBadge status={s.status} /></td>
                <td><Badge tone={c.tone}>{c.text}</Badge></td>
                <td className="nowrap"><Time value={s.start} /></td>
                <td className="nowrap">{s.durationSeconds === null ? <span className="muted">{s.status === 'open' ? 'running' : '—'}</span> : formatDuration(s.durationSeconds * 1000)}</td>
                <td className="clip" title={[s.initiator, ...others].filter(Boolean).join(', ')}>{s.initiator ?? <span className="muted">—</span>}{others.length > 0 && <span className="muted small" title={others.join(', ')}> +{others.join(', ')}</span>}</td>
                <td>{s.login ?? <span className="muted">—</span>}</td>
                <td>{s.kind}</td>
                <td className="clip" title={kindLabel(s)}>{kindLabel(s)}</td>
                <td className="muted clip" title={s.cluster ?? ''}>{s.cluster ?? '—'}</td>
                <td className="num">{formatCount(s.eventCount)}</td>
                <td className="mono"><Link href={`/sessions/${encodeURIComponent(s.sessionId)}`} aria-label={`Session ${s.sessionId}`}>{s.sessionId.slice(0, 8)}…</Link></td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
