import { valueText } from './alert-text';

/** An alert's (or a firing's) groupBy values, each as field and value. */
export function GroupValues({ group }: { group: Record<string, unknown> }) {
  const entries = Object.entries(group);
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="group-values">
      {entries.map(([k, v]) => <li key={k}><span className="group-key">{k}</span> <span className="group-value">{valueText(v)}</span></li>)}
    </ul>
  );
}
