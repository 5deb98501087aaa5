import { Fragment, useState } from 'react';
import '../../components/search-tables.css';
import { Badge } from '../../components/ui';
import { Link } from '../../router';
import { outcomeOf } from '../search/event-summary';
import { tableTime } from '../search/table-time';
import type { SessionEventRow } from './session-types';

const RESERVED = 2_147_483_646;
const SHOWN = 400;

export function offsetText(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `+${h}:${String(m).padStart(2, '0')}:${sec}` : `+${m}:${sec}`;
}

function what(e: SessionEventRow): string {
  if (e.command) return e.command;
  if (e.program) return [e.program, ...(e.argv ?? [])].join(' ');
  if (e.path) return e.path;
  if (e.txBytes || e.rxBytes) return `sent ${e.txBytes ?? 0} B · received ${e.rxBytes ?? 0} B`;
  return e.error ?? '';
}

/** The session's events in stream order, with a marked row wherever indices are missing. */
export function SessionTimeline({ events, start }: { events: SessionEventRow[]; start: string }) {
  const [all, setAll] = useState(false);
  const t0 = Date.parse(start);
  const shown = all ? events : events.slice(0, SHOWN);
  let expected = 0;
  return (
    <>
      <div tabIndex={0} className="table-wrap dense timeline timeline-scroll">
        <table>
          <caption className="visually-hidden">Session events in stream order</caption>
          <thead>
            <tr><th scope="col" className="num">ei</th><th scope="col">Time</th><th scope="col">Offset</th><th scope="col">Event</th><th scope="col">User</th><th scope="col">What</th><th scope="col">Outcome</th></tr>
          </thead>
          <tbody>
            {shown.map((e) => {
              const ordinary = e.eventIndex !== null && e.eventIndex >= 0 && e.eventIndex < RESERVED;
              const gap = ordinary && e.eventIndex! > expected ? [expected, e.eventIndex! - 1] as const : null;
              if (ordinary) expected = e.eventIndex! + 1;
              const o = outcomeOf(e);
              return (
                <Fragment key={e.id}>
                  {gap && <tr className="gap-row"><td colSpan={7}>ei {gap[0] === gap[1] ? gap[0] : `${gap[0]}–${gap[1]}`} missing ({gap[1] - gap[0] + 1} event{gap[1] > gap[0] ? 's' : ''} never arrived)</td></tr>}
                  <tr>
                    <td className="num mono">{ordinary ? e.eventIndex : <span className="muted" title={`reserved index ${e.eventIndex ?? 'none'}`}>—</span>}</td>
                    <td className="mono nowrap"><Link href={`/events/${encodeURIComponent(e.id)}`} title={e.time}>{tableTime(e.time)}</Link></td>
                    <td className="offset mono">{offsetText(Date.parse(e.time) - t0)}</td>
                    <td className="nowrap">{e.type}</td>
                    <td>{e.actor ?? <span className="muted">—</span>}</td>
                    <td className="cmd">{what(e)}</td>
                    <td>{o.tone === 'neutral' ? <span className="muted">—</span> : <Badge tone={o.tone}>{o.label}</Badge>}</td>
                  </tr>
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      {events.length > SHOWN && !all && <button type="button" className="btn" onClick={() => setAll(true)}>Show all {events.length.toLocaleString()} events</button>}
    </>
  );
}
