import type { AlertRule } from '../../api/detections-types';
import { Link } from '../../router';
import { mitreHref } from './alert-text';

/** The rule version that raised the alert: what it means and what to do (its runbook). */
export function AlertRuleCard({ rule }: { rule: AlertRule }) {
  return (
    <section className="card alert-rule" aria-labelledby="rule-heading">
      <h2 id="rule-heading">Rule: {rule.title}</h2>
      <p className="muted small"><Link href={`/rules/${encodeURIComponent(rule.id)}`}>{rule.id}</Link>, version {rule.version}</p>
      {rule.description && <p className="rule-description">{rule.description}</p>}
      {rule.mitre.length > 0 && (
        <p className="mitre-list">
          <span className="muted">MITRE ATT&amp;CK:</span>{' '}
          {rule.mitre.map((m) => {
            const href = mitreHref(m);
            return <span key={m} className="mitre-id">{href ? <a href={href} target="_blank" rel="noreferrer noopener">{m}</a> : m}</span>;
          })}
        </p>
      )}
      <h3>Runbook</h3>
      {rule.runbook ? <pre className="runbook" tabIndex={0}>{rule.runbook}</pre> : <p className="muted">The rule has no runbook.</p>}
    </section>
  );
}
