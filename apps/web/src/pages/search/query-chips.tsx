import { flatConditions, removeCondition } from '../../components/search-query';

/** The conditions of the running query as chips, each removable: undoes a facet click in one go. */
export function QueryChips({ q, onChange }: { q: string; onChange: (q: string) => void }) {
  const conditions = flatConditions(q);
  if (!conditions || conditions.length < 1) return null;
  return (
    <ul className="query-chips" aria-label="Conditions of the query">
      {conditions.map((c) => (
        <li key={`${c.start}-${c.text}`} className={c.negated ? 'is-negated' : undefined}>
          <code>{c.text}</code>
          <button type="button" onClick={() => onChange(removeCondition(q, c))} aria-label={`Remove ${c.text}`} title="Remove this condition">×</button>
        </li>
      ))}
    </ul>
  );
}
