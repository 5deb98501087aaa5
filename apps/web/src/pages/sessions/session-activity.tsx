import { Badge, Time } from '../../components/ui';
import '../../components/search-tables.css';
import { Link } from '../../router';
import { tableTime } from '../search/table-time';
import { offsetText } from './session-timeline';
import type { Command, FileTransfer, Participant, PortForward } from './session-types';

const exitBadge = (c: Command) => {
  if (c.exitCode === null) return c.success === false ? <Badge tone="bad">failed</Badge> : <span className="muted">—</span>;
  return <Badge tone={c.exitCode === 0 ? 'good' : 'bad'}>{c.exitCode}</Badge>;
};

/** Commands run in the session: exec with its command line, session.command (BPF) with program and argv. */
export function CommandsTable({ commands, start }: { commands: Command[]; start: string }) {
  if (commands.length === 0) return <p className="muted">No commands were recorded (exec, or session.command with enhanced recording).</p>;
  const t0 = Date.parse(start);
  return (
    <div tabIndex={0} className="table-wrap dense timeline">
      <table>
        <caption className="visually-hidden">Commands with exit codes</caption>
        <thead><tr><th scope="col">Time</th><th scope="col">Offset</th><th scope="col">Source</th><th scope="col">Command</th><th scope="col">Exit</th></tr></thead>
        <tbody>
          {commands.map((c) => (
            <tr key={c.eventId}>
              <td className="mono nowrap"><Link href={`/events/${encodeURIComponent(c.eventId)}`} title={c.time}>{tableTime(c.time)}</Link></td>
              <td className="offset mono">{offsetText(Date.parse(c.time) - t0)}</td>
              <td className="muted nowrap" title={c.type}>{c.type === 'session.command' ? 'bpf' : c.type}</td>
              <td className="cmd">{c.command ?? [c.program, ...(c.argv ?? [])].filter(Boolean).join(' ')}</td>
              <td>{exitBadge(c)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ParticipantsTable({ participants }: { participants: Participant[] }) {
  if (participants.length === 0) return <p className="muted">No participants recorded.</p>;
  return (
    <div tabIndex={0} className="table-wrap dense">
      <table>
        <caption className="visually-hidden">Participants</caption>
        <thead><tr><th scope="col">User</th><th scope="col">Mode</th><th scope="col">Joined</th><th scope="col">Left</th></tr></thead>
        <tbody>
          {participants.map((p) => (
            <tr key={p.user}>
              <td>{p.user}</td>
              <td>{p.mode ? <Badge tone={p.mode === 'peer' ? 'neutral' : 'info'}>{p.mode}</Badge> : <span className="muted">—</span>}</td>
              <td className="nowrap"><Time value={p.joinedAt} /></td>
              <td className="nowrap"><Time value={p.leftAt} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function FileTransfersTable({ transfers }: { transfers: FileTransfer[] }) {
  return (
    <div tabIndex={0} className="table-wrap dense timeline">
      <table>
        <caption className="visually-hidden">File transfers</caption>
        <thead><tr><th scope="col">Time</th><th scope="col">Kind</th><th scope="col">Action</th><th scope="col">Path</th><th scope="col">Outcome</th></tr></thead>
        <tbody>
          {transfers.map((f) => (
            <tr key={f.eventId}>
              <td className="mono nowrap"><Link href={`/events/${encodeURIComponent(f.eventId)}`} title={f.time}>{tableTime(f.time)}</Link></td>
              <td>{f.type}</td>
              <td>{f.action ?? <span className="muted">—</span>}</td>
              <td className="cmd">{f.path ?? '—'}</td>
              <td>{f.success === false ? <Badge tone="bad">{f.error ?? 'failed'}</Badge> : f.success ? <Badge tone="good">ok</Badge> : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PortForwardsTable({ forwards }: { forwards: PortForward[] }) {
  return (
    <div tabIndex={0} className="table-wrap dense">
      <table>
        <caption className="visually-hidden">Port forwards</caption>
        <thead><tr><th scope="col">Time</th><th scope="col">Address</th><th scope="col">Code</th></tr></thead>
        <tbody>
          {forwards.map((p) => (
            <tr key={p.eventId}>
              <td className="mono nowrap"><Link href={`/events/${encodeURIComponent(p.eventId)}`} title={p.time}>{tableTime(p.time)}</Link></td>
              <td className="mono">{p.address ?? '—'}</td>
              <td>{p.code ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
