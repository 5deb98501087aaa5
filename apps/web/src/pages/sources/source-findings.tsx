import { Badge, Time } from '../../components/ui';
import { Link } from '../../router';
import { describeFinding, type Finding } from './finding-text';

/** The completeness monitor's open findings about this source: what is missing or wrong, and since when. */
export function SourceFindings({ sourceId, findings }: { sourceId: string; findings: Finding[] }) {
  return (
    <section className="card source-findings" aria-labelledby="findings-title">
      <h3 id="findings-title" className="card-title">
        Completeness {findings.length === 0 ? <Badge tone="good">no open findings</Badge> : <Badge tone="bad">{findings.length} open</Badge>}
      </h3>
      {findings.length === 0 ? (
        <p className="muted small">No open findings: the source is sending as usual, sessions are whole and every event type is known. The completeness monitor checks every few minutes.</p>
      ) : (
        <ul className="finding-list">
          {findings.map((f) => {
            const text = describeFinding(f, sourceId);
            return (
              <li key={`${f.kind}-${f.subject}`}>
                <div className="finding-title">{text.title}{text.at ? <> <Time value={text.at} /></> : null}</div>
                <div className="finding-meta small">
                  {text.detail && <span className="muted">{text.detail} </span>}
                  <span className="muted">Open since <Time value={f.openedAt} />.</span>
                  {text.href && <> <Link href={text.href}>{text.linkLabel ?? 'Open'}</Link></>}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
