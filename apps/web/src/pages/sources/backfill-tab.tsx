import { useState, type FormEvent } from 'react';
import { useAction } from '../../components/settings-use-action';
import { Badge, Empty, ErrorNote, Loading, Time } from '../../components/ui';
import { formatCount } from '../../format';
import { useInterval, useLoad } from '../../hooks';
import { Link } from '../../router';
import { Field } from './field';
import { sourcesApi, type BackfillRun, type SourceDetail } from './sources-api';

type Mode = 'range' | 'prefix' | 'all';
const POLL_MS = 3_000;
const ACTIVE = new Set(['queued', 'listing']);
const TONE: Record<string, 'good' | 'bad' | 'info' | 'neutral'> = { done: 'good', failed: 'bad', queued: 'info', listing: 'info' };

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

export function BackfillTab({ source, isAdmin }: { source: SourceDetail; isAdmin: boolean }) {
  const runs = useLoad((signal) => sourcesApi.backfills(source.id, signal), [source.id]);
  const active = runs.data?.data.some((run) => ACTIVE.has(run.status)) ?? false;
  useInterval(runs.reload, active ? POLL_MS : null);
  const prefix = typeof source.config.prefix === 'string' && source.config.prefix ? source.config.prefix : null;

  return (
    <section aria-labelledby="backfill-title">
      <h2 id="backfill-title" className="visually-hidden">Backfill</h2>
      <p className="muted">
        S3 announces only new objects. A backfill lists the bucket and reads every event object not read yet (and failed
        ones again): the history from before the notification existed, or objects whose messages expired on the queue.
        Running the same backfill twice reads nothing twice.
      </p>
      {isAdmin
        ? <BackfillForm sourceId={source.id} sourcePrefix={prefix} onStarted={runs.reload} />
        : <p className="note note-info">Only admins can start a backfill.</p>}
      <h3>Runs</h3>
      <ErrorNote error={runs.error} title="Could not load the backfills" />
      {!runs.data && runs.loading && <Loading label="Loading backfills" />}
      {runs.data && runs.data.data.length === 0 && <Empty>No backfill yet.</Empty>}
      {runs.data && runs.data.data.length > 0 && (
        <ul className="backfill-runs">
          {runs.data.data.map((run) => <RunItem key={run.id} run={run} sourceId={source.id} />)}
        </ul>
      )}
    </section>
  );
}

function BackfillForm({ sourceId, sourcePrefix, onStarted }: { sourceId: string; sourcePrefix: string | null; onStarted: () => void }) {
  const [mode, setMode] = useState<Mode>('range');
  const [from, setFrom] = useState(isoDay(-7));
  const [to, setTo] = useState(isoDay(0));
  const [prefix, setPrefix] = useState(sourcePrefix ? `${sourcePrefix}/` : '');
  const start = useAction(async () => {
    const body = mode === 'range' ? { from, to } : mode === 'prefix' ? { prefix } : {};
    await sourcesApi.startBackfill(sourceId, body);
    onStarted();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void start.run();
  };
  return (
    <form className="card backfill-form" onSubmit={submit} aria-label="Start a backfill">
      <fieldset className="choice-group">
        <legend>What to read</legend>
        <label className="choice">
          <input type="radio" name="backfill-mode" checked={mode === 'range'} onChange={() => setMode('range')} />
          <span><span className="choice-label">A date range</span><span className="hint">The daily folders <code>{sourcePrefix ?? ''}{sourcePrefix ? '/' : ''}YYYY-MM-DD/</code>, at most 366 days.</span></span>
        </label>
        <label className="choice">
          <input type="radio" name="backfill-mode" checked={mode === 'prefix'} onChange={() => setMode('prefix')} />
          <span><span className="choice-label">A key prefix</span><span className="hint">Any prefix inside the source&apos;s{sourcePrefix ? <> (<code>{sourcePrefix}/</code>)</> : null}.</span></span>
        </label>
        <label className="choice">
          <input type="radio" name="backfill-mode" checked={mode === 'all'} onChange={() => setMode('all')} />
          <span><span className="choice-label">Everything</span><span className="hint">{sourcePrefix ? <>The whole <code>{sourcePrefix}/</code> prefix.</> : 'The whole bucket.'}</span></span>
        </label>
      </fieldset>
      {mode === 'range' && (
        <div className="form-row">
          <Field label="From (UTC date)" type="date" value={from} onChange={setFrom} required />
          <Field label="To (UTC date, inclusive)" type="date" value={to} onChange={setTo} required />
        </div>
      )}
      {mode === 'prefix' && <Field label="Key prefix" value={prefix} onChange={setPrefix} required spellCheck={false} placeholder={sourcePrefix ? `${sourcePrefix}/2024-05` : 'events/2024-05'} />}
      <ErrorNote error={start.error} title="The backfill was not started" />
      <div><button type="submit" className="btn btn-primary" disabled={start.busy}>{start.busy ? 'Starting…' : 'Start backfill'}</button></div>
    </form>
  );
}

function RunItem({ run, sourceId }: { run: BackfillRun; sourceId: string }) {
  const scope = run.from ? `${run.from} to ${run.to ?? run.from}` : run.prefix ? `prefix ${run.prefix}` : 'everything';
  const { prefixesDone, prefixesTotal, currentPrefix } = run.progress;
  return (
    <li className="card backfill-run">
      <div className="backfill-run-head">
        <Badge tone={TONE[run.status] ?? 'neutral'}>{run.status}</Badge>
        <strong>{scope}</strong>
        <span className="muted small">started <Time value={run.createdAt} />{run.finishedAt ? <>, finished <Time value={run.finishedAt} /></> : null}</span>
      </div>
      <div className="backfill-progress">
        <span className="small">{formatCount(prefixesDone)} of {formatCount(prefixesTotal)} {prefixesTotal === 1 ? 'prefix' : 'prefixes'} listed{currentPrefix ? <>, now <code>{currentPrefix}</code></> : null}</span>
        <progress max={Math.max(1, prefixesTotal)} value={prefixesDone} aria-label={`Progress of the backfill of ${scope}`} />
      </div>
      <p className="small backfill-counts">
        {formatCount(run.objects.listed)} objects listed · {formatCount(run.objects.queued)} queued to read · {formatCount(run.objects.skipped)} skipped (already read, or not event objects)
        {run.objects.queued > 0 && <> · <Link href={`/sources/${sourceId}?tab=objects`}>follow them in Objects</Link></>}
      </p>
      {run.lastError && (ACTIVE.has(run.status)
        ? <p className="note note-warn">The last attempt failed and is being retried: {run.lastError}</p>
        : <p className="note note-error">{run.lastError}</p>)}
    </li>
  );
}
