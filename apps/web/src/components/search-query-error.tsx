import { ApiError } from '../api/client';
import { ErrorNote } from './ui';

export type QueryProblem = { message: string; position: number; expected: string | null; hint: string | null };

/** A 400 query.invalid (or any error naming a position in q) as where-and-what; null for other errors. */
export function queryProblem(error: unknown): QueryProblem | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  const d = error.details ?? {};
  if (typeof d.position !== 'number' || (d.parameter !== undefined && d.parameter !== 'q')) return null;
  return {
    message: error.message,
    position: d.position,
    expected: typeof d.expected === 'string' ? d.expected : null,
    hint: typeof d.hint === 'string' ? d.hint : null,
  };
}

/**
 * The query with the offending character marked, the message, what was expected and the hint. `query` is
 * what was sent, so the mark stays right while the user edits.
 */
export function SearchQueryError({ error, query, id, onJump }: { error: unknown; query: string; id?: string; onJump?: (position: number) => void }) {
  const problem = queryProblem(error);
  if (!problem) return error ? <div id={id}><ErrorNote error={error} /></div> : null;
  const at = Math.min(problem.position, query.length);
  const marked = query.slice(at, at + 1) || ' ';
  return (
    <div className="query-error" role="alert" id={id}>
      <strong>Query error:</strong> {problem.message}
      <pre aria-hidden="true"><code>{query.slice(0, at)}<mark>{marked}</mark>{query.slice(at + 1)}</code></pre>
      {problem.expected && <p className="hint-text">Expected {problem.expected}.</p>}
      {problem.hint && <p className="hint-text">{problem.hint}</p>}
      {onJump && <button type="button" className="btn btn-ghost small" onClick={() => onJump(at)}>Move the cursor to position {at}</button>}
    </div>
  );
}
