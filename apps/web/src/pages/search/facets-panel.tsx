import type { KeyboardEvent, MouseEvent } from 'react';
import { fieldTerm, termState } from '../../components/search-query';
import { ErrorNote } from '../../components/ui';
import { formatCount } from '../../format';
import { FACET_QUERY_FIELD } from './search-api';
import type { Facets } from './search-types';

const TITLES: Record<string, string> = {
  event_type: 'Event type', actor: 'Actor', node: 'Node', login: 'Login', remote_ip: 'Client IP', cluster: 'Cluster', success: 'Outcome',
};

type Props = {
  facets: Facets | undefined;
  error: unknown;
  loading: boolean;
  query: string;
  onToggle: (field: string, value: string, mode: 'include' | 'exclude') => void;
};

/**
 * One tab stop per facet: ↓/↑ move between its values, → and ← between include and exclude, so the keyboard
 * reaches the results without tabbing through every value.
 */
function moveFocus(event: KeyboardEvent<HTMLElement>) {
  const target = event.target as HTMLElement;
  const item = target.closest('li');
  const list = target.closest('ul');
  if (!item || !list) return;
  const items = [...list.querySelectorAll('li')];
  const at = items.indexOf(item as HTMLLIElement);
  const exclude = target.classList.contains('facet-exclude');
  let next: Element | null | undefined;
  if (event.key === 'ArrowDown') next = items[at + 1]?.querySelector(exclude ? '.facet-exclude' : '.facet-include');
  else if (event.key === 'ArrowUp') next = items[at - 1]?.querySelector(exclude ? '.facet-exclude' : '.facet-include');
  else if (event.key === 'ArrowRight') next = item.querySelector('.facet-exclude');
  else if (event.key === 'ArrowLeft') next = item.querySelector('.facet-include');
  else return;
  event.preventDefault();
  (next as HTMLElement | null)?.focus();
}

/**
 * Top values of the matches. A click includes a value (`field:value`), Alt+click or the − button excludes it
 * (`NOT field:value`); clicking an active value again removes it from the query.
 */
export function FacetsPanel({ facets, error, loading, query, onToggle }: Props) {
  if (error) return <ErrorNote error={error} title="Facets" />;
  if (!facets) return loading ? <p className="muted small facet-loading">Counting values…</p> : null;
  if (facets.facets.every((f) => f.values.length === 0)) return <p className="muted small">No values to count: nothing matches.</p>;
  return (
    <div className={`facets${loading ? ' is-stale' : ''}`} aria-busy={loading} onKeyDown={moveFocus}>
      {facets.facets.filter((f) => f.values.length > 0).map((facet) => {
        const qf = FACET_QUERY_FIELD[facet.field] ?? facet.field;
        const max = Math.max(1, ...facet.values.map((v) => v.count));
        const headingId = `facet-${facet.field}`;
        return (
          <section key={facet.field} className="facet" aria-labelledby={headingId}>
            <h3 id={headingId}>
              {TITLES[facet.field] ?? facet.field}
              <span className="muted small" title={facet.exact ? 'exact counts' : `counted over the newest ${formatCount(facets.sampled)} matches`}>
                {' '}{formatCount(facet.distinct)} distinct{facet.exact ? '' : ' · sampled'}
              </span>
            </h3>
            <ul aria-label={`${TITLES[facet.field] ?? facet.field} values: arrow keys move, Enter includes, → then Enter excludes`}>
              {facet.values.map((v, index) => {
                const state = termState(query, qf, v.value);
                const term = fieldTerm(qf, v.value);
                const include = (e: MouseEvent) => onToggle(qf, v.value, e.altKey ? 'exclude' : 'include');
                return (
                  <li key={v.value} className={`facet-value${state ? ` is-${state}` : ''}`}>
                    {/* The name starts with what a click does and contains the visible text (WCAG 2.5.3). */}
                    <button type="button" className="facet-include" onClick={include} tabIndex={index === 0 ? 0 : -1} aria-pressed={state === 'included'}
                      title={`${term} (Alt+click to exclude)`}>
                      <span className="facet-bar" style={{ width: `${(v.count / max) * 100}%` }} aria-hidden="true" />
                      <span className="visually-hidden">{state === 'included' ? 'Remove' : 'Include'} {qf}: </span>
                      <span className="facet-label">{v.value}</span>{' '}
                      <span className="facet-count">{formatCount(v.count)}</span>
                    </button>
                    <button type="button" className="facet-exclude" tabIndex={-1} onClick={() => onToggle(qf, v.value, 'exclude')} aria-pressed={state === 'excluded'}
                      aria-label={`${state === 'excluded' ? 'Remove' : 'Exclude'} NOT ${term}`} title={`NOT ${term}`}>−</button>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
