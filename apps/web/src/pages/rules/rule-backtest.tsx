import { useState } from 'react';
import type { BacktestResult } from '../../api/detections-types';
import { rulesApi } from '../../api/rules-api';
import { useAction } from '../../components/settings-use-action';
import { TimeRangePicker } from '../../components/time-range-picker';
import { describeRange, type TimeRangeValue } from '../../components/time-range';
import { Button, ErrorNote, Time } from '../../components/ui';
import { formatCount } from '../../format';
import { Link } from '../../router';
import { GroupValues } from '../alerts/group-values';

const LIMIT = 100;
const EVENT_LINKS = 5;

/** Runs the editor's text (saved or not) over stored events of a past range, as the worker would have. */
export function RuleBacktest({ yaml }: { yaml: () => string }) {
  const [range, setRange] = useState<TimeRangeValue>({ from: '-24h', to: '' });
  const [result, setResult] = useState<{ range: string; data: BacktestResult } | null>(null);
  const run = useAction(async () => {
    const data = await rulesApi.backtest({ rule: yaml(), from: range.from || undefined, to: range.to || undefined, limit: LIMIT });
    setResult({ range: describeRange(range), data });
  });
  return (
    <section className="card rule-backtest" aria-labelledby="backtest-heading">
      <h2 id="backtest-heading">Backtest</h2>
      <p className="muted small">What the rule in the editor would have raised over stored events: it is not saved, and nothing is alerted.</p>
      <div className="backtest-controls">
        <TimeRangePicker value={range} onChange={setRange} />
        <Button variant="primary" onClick={() => void run.run()} disabled={run.busy}>{run.busy ? 'Running…' : 'Run backtest'}</Button>
      </div>
      <ErrorNote error={run.error} title="The backtest did not run" />
      {result && <BacktestAnswer result={result.data} range={result.range} />}
    </section>
  );
}

function BacktestAnswer({ result, range }: { result: BacktestResult; range: string }) {
  const { firings } = result;
  return (
    <div className="backtest-result" role="status">
      <p className="backtest-summary">
        <strong>{range}:</strong> {formatCount(result.events)} event{result.events === 1 ? '' : 's'} evaluated,{' '}
        <strong>{formatCount(result.totalFirings)} firing{result.totalFirings === 1 ? '' : 's'}</strong>, {formatCount(result.alerts)} alert{result.alerts === 1 ? '' : 's'} after deduplication.
      </p>
      {result.truncated && <p className="note note-warn">The range held more events than a backtest evaluates; the result covers its first part only. Narrow the range.</p>}
      {result.totalFirings > firings.length && <p className="muted small">The first {formatCount(firings.length)} firings are listed.</p>}
      {firings.length === 0 ? <p className="muted">The rule would not have fired.</p> : (
        <div className="table-wrap dense">
          <table>
            <caption className="visually-hidden">Backtest firings</caption>
            <thead><tr><th scope="col">Group</th><th scope="col">First</th><th scope="col">Last</th><th scope="col" className="num">Events</th><th scope="col">Open</th></tr></thead>
            <tbody>
              {firings.map((f, i) => (
                <tr key={`${f.alertKey}-${i}`}>
                  <td><GroupValues group={f.group} /></td>
                  <td className="nowrap"><Time value={f.firstSeen} /></td>
                  <td className="nowrap"><Time value={f.lastSeen} /></td>
                  <td className="num">{formatCount(f.count)}</td>
                  <td>
                    <span className="event-links-inline">
                      {f.eventIds.slice(0, EVENT_LINKS).map((id, n) => <Link key={id} href={`/events/${encodeURIComponent(id)}`} aria-label={`Event ${n + 1} of firing ${i + 1}`}>event {n + 1}</Link>)}
                      {f.eventIds.length > EVENT_LINKS && <span className="muted">+{f.eventIds.length - EVENT_LINKS}</span>}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
