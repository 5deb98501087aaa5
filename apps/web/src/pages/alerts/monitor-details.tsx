import type { Alert } from '../../api/detections-types';
import { CodeBlock, Time } from '../../components/ui';
import { Link } from '../../router';
import { describeFinding, findingKindOfMonitor } from '../sources/finding-text';

/** A completeness monitor's alert: which source, what about it in words, and the finding's details as recorded. */
export function MonitorDetails({ alert }: { alert: Alert }) {
  const subject = typeof alert.group.subject === 'string' ? alert.group.subject : '';
  const kind = findingKindOfMonitor(alert.ruleId);
  const text = kind ? describeFinding({ kind, subject, details: alert.details ?? {}, openedAt: alert.firstSeen }, alert.sourceId ?? '') : null;
  return (
    <section className="alert-section card" aria-labelledby="monitor-heading">
      <h2 id="monitor-heading">What the monitor found</h2>
      {text && (
        <p className="monitor-finding">
          <strong>{text.title}{text.at ? <> <Time value={text.at} /></> : null}</strong>
          {text.detail && <span className="muted"> {text.detail}</span>}
          {text.href && alert.sourceId && <> <Link href={text.href}>{text.linkLabel ?? 'Open'}</Link></>}
        </p>
      )}
      <dl className="kv">
        <dt>Source</dt><dd>{alert.sourceId ? <Link href={`/sources/${encodeURIComponent(alert.sourceId)}`}>Open the source</Link> : <span className="muted">none: the tenant as a whole</span>}</dd>
        <dt>Subject</dt><dd>{subject ? <code>{subject}</code> : <span className="muted">the source as a whole</span>}</dd>
      </dl>
      <CodeBlock label="Details" code={JSON.stringify(alert.details ?? {}, null, 2)} />
    </section>
  );
}
