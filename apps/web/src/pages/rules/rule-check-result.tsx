import type { RuleCheck } from '../../api/detections-types';

type Props = { result: RuleCheck; heading: string; onGoTo: (line: number, column: number) => void };

/** What Test (or a refused Save) found: each validation issue with its field and place, or each failing test case. */
export function RuleCheckResult({ result, heading, onGoTo }: Props) {
  if (result.valid) {
    return <div className="note note-info check-result" role="status"><strong>{heading}:</strong> the rule is valid and every test case behaves as it says.</div>;
  }
  return (
    <div className="note note-error check-result" role="alert">
      <strong>{heading}:</strong>{' '}
      {result.issues.length > 0 ? `${result.issues.length} problem${result.issues.length === 1 ? '' : 's'} in the rule` : `${result.failures.length} test case${result.failures.length === 1 ? '' : 's'} failing`}
      {result.issues.length > 0 && (
        <ul className="check-list">
          {result.issues.map((issue, i) => (
            <li key={`${issue.field}-${i}`}>
              <code className="check-field">{issue.field}</code> {issue.message}
              {issue.line ? <> <button type="button" className="btn btn-xs btn-ghost" onClick={() => onGoTo(issue.line!, issue.column ?? 1)}>line {issue.line}{issue.column ? `, column ${issue.column}` : ''}</button></> : null}
            </li>
          ))}
        </ul>
      )}
      {result.failures.length > 0 && (
        <ul className="check-list">
          {result.failures.map((f, i) => <li key={`${f.case}-${i}`}><code className="check-field">{f.case}</code> {f.message}</li>)}
        </ul>
      )}
    </div>
  );
}
