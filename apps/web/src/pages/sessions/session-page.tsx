import { api, ApiError } from '../../api/client';
import { rangeAround, searchFor } from '../../components/search-link';
import { Badge, CopyButton, ErrorNote, Loading, PageHeader, Time } from '../../components/ui';
import { formatCount, formatDuration } from '../../format';
import { useDocumentTitle, useLoad } from '../../hooks';
import { Link } from '../../router';
import { CommandsTable, FileTransfersTable, ParticipantsTable, PortForwardsTable } from './session-activity';
import { SessionCompleteness } from './session-completeness';
import { SessionStatusBadge, kindLabel } from './session-status';
import { SessionTimeline } from './session-timeline';
import type { SessionDetail } from './session-types';
import './sessions.css';

const bytes = (n: number) => (n >= 1_048_576 ? `${(n / 1_048_576).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`);

export function SessionPage({ sid }: Record<string, string>) {
  const sessionId = sid ?? '';
  useDocumentTitle(`Session ${sessionId.slice(0, 8)}`);
  const { data, error, loading } = useLoad((signal) => api.get<SessionDetail>(`/v1/sessions/${encodeURIComponent(sessionId)}`, undefined, signal), [sessionId]);

  if (loading && !data) return <><PageHeader title="Session" /><Loading label="Loading the session" /></>;
  if (error) {
    return (
      <>
        <PageHeader title="Session" />
        <ErrorNote error={error} />
        {error instanceof ApiError && error.status === 404 && <p>No event of this tenant carries session id <code>{sessionId}</code>. <Link href="/sessions">All sessions</Link> · <Link href={searchFor('sid', sessionId, { from: '-30d' })}>search for it</Link>.</p>}
      </>
    );
  }
  if (!data) return null;
  const s = data.session;
  const range = rangeAround(s.start, s.end ?? s.lastEventAt);

  return (
    <div className="session-page">
      <PageHeader title={<>Session <span className="mono small">{s.sessionId}</span></>}>
        <CopyButton text={s.sessionId} label="Copy id" />
        <SessionStatusBadge status={s.status} />
      </PageHeader>
      <nav className="session-links" aria-label="Related">
        <Link href={searchFor('sid', s.sessionId, range)}>Search its {formatCount(s.eventCount)} event{s.eventCount === 1 ? '' : 's'}</Link>
        {data.accessRequests.map((r) => <Link key={r} href={`/access-requests/${encodeURIComponent(r)}`}>Access request {r}</Link>)}
        {s.initiator && <Link href={searchFor('user', s.initiator, range)}>Everything {s.initiator} did then</Link>}
        {s.node && <Link href={searchFor('node', s.node, range)}>Everything on {s.node} then</Link>}
        <Link href="/sessions">All sessions</Link>
      </nav>

      <div className="session-summary">
        <section className="card" aria-labelledby="who-heading">
          <h2 id="who-heading">Who</h2>
          <dl className="kv">
            <dt>Started by</dt><dd>{s.initiator ?? '—'}</dd>
            <dt>Participants</dt><dd>{s.participants.join(', ') || '—'}</dd>
            <dt>Login</dt><dd>{s.login ?? '—'}</dd>
            <dt>Moderated</dt><dd>{data.moderated ? <Badge tone="info">yes</Badge> : 'no'}</dd>
            <dt>Access requests</dt><dd>{data.accessRequests.length === 0 ? 'none' : data.accessRequests.map((r, i) => <span key={r}>{i > 0 && ', '}<Link href={`/access-requests/${encodeURIComponent(r)}`}>{r.slice(0, 8)}…</Link></span>)}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="where-heading">
          <h2 id="where-heading">Where</h2>
          <dl className="kv">
            <dt>Kind</dt><dd>{s.kind}</dd>
            <dt>Target</dt><dd>{kindLabel(s)}</dd>
            {s.serverId && s.serverId !== s.node && <><dt>Server id</dt><dd className="mono small">{s.serverId}</dd></>}
            <dt>Cluster</dt><dd>{s.cluster ?? '—'}</dd>
            {s.kubernetesCluster && <><dt>Kubernetes</dt><dd>{s.kubernetesCluster}</dd></>}
            {s.db && <><dt>Database</dt><dd>{s.db}</dd></>}
            {s.app && <><dt>App</dt><dd>{s.app}</dd></>}
          </dl>
        </section>
        <section className="card" aria-labelledby="when-heading">
          <h2 id="when-heading">When</h2>
          <dl className="kv">
            <dt>Start</dt><dd><Time value={s.start} /></dd>
            <dt>End</dt><dd>{s.end ? <Time value={s.end} /> : <span className="muted">no end event</span>}</dd>
            <dt>Duration</dt><dd>{s.durationSeconds === null ? '—' : formatDuration(s.durationSeconds * 1000)}</dd>
            <dt>Last event</dt><dd><Time value={s.lastEventAt} /></dd>
            <dt>Data</dt><dd>sent {bytes(data.dataTransferred.txBytes)} · received {bytes(data.dataTransferred.rxBytes)}</dd>
          </dl>
        </section>
      </div>

      <SessionCompleteness detail={data} />

      <div className="session-columns">
        <section className="session-section" aria-labelledby="commands-heading">
          <h2 id="commands-heading">Commands <span className="muted small">{data.commands.length}</span></h2>
          <CommandsTable commands={data.commands} start={s.start} />
        </section>
        <section className="session-section" aria-labelledby="participants-heading">
          <h2 id="participants-heading">Participants <span className="muted small">{data.participants.length}</span></h2>
          <ParticipantsTable participants={data.participants} />
          {data.fileTransfers.length > 0 && (
            <>
              <h2 id="transfers-heading">File transfers <span className="muted small">{data.fileTransfers.length}</span></h2>
              <FileTransfersTable transfers={data.fileTransfers} />
            </>
          )}
          {data.portForwards.length > 0 && (
            <>
              <h2>Port forwards <span className="muted small">{data.portForwards.length}</span></h2>
              <PortForwardsTable forwards={data.portForwards} />
            </>
          )}
        </section>
      </div>

      <section className="session-section" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline <span className="muted small">{formatCount(data.events.length)} event{data.events.length === 1 ? '' : 's'} in stream order (ei)</span></h2>
        <SessionTimeline events={data.events} start={s.start} />
      </section>
    </div>
  );
}
