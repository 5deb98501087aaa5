import { Badge } from '../../components/ui';
import { formatCount } from '../../format';
import type { SessionDetail } from './session-types';

const rangeText = ([a, b]: [number, number]) => (a === b ? `${a}` : `${a}–${b}`);

/**
 * Whether the session's event stream is whole: every `ei` from 0 to the highest must have arrived (the
 * reserved indices of session.data and session.upload aside). Gaps are drawn on a strip and listed.
 */
export function SessionCompleteness({ detail }: { detail: SessionDetail }) {
  const c = detail.completeness;
  const highest = c.highestIndex;
  const total = highest === null ? 0 : highest + 1;
  const whole = c.missingIndices === 0 && c.hasEnd;
  const segments: { from: number; to: number; gap: boolean }[] = [];
  let next = 0;
  for (const [a, b] of c.missingRanges) {
    if (a > next) segments.push({ from: next, to: a - 1, gap: false });
    segments.push({ from: a, to: b, gap: true });
    next = b + 1;
  }
  if (highest !== null && next <= highest) segments.push({ from: next, to: highest, gap: false });

  return (
    <section className={`completeness card${whole ? '' : ' is-incomplete'}`} aria-labelledby="completeness-heading">
      <h2 id="completeness-heading">
        Completeness
        {whole ? <Badge tone="good">every event arrived</Badge> : c.missingIndices > 0 ? <Badge tone="bad">{formatCount(c.missingIndices)} missing</Badge> : <Badge tone="warn">no end yet</Badge>}
      </h2>
      {highest === null ? (
        <p className="muted">No event of this session carries an index (<code>ei</code>), so gaps cannot be told.</p>
      ) : (
        <>
          <p>
            {formatCount(c.indexedEvents)} of {formatCount(total)} indexed events arrived (<code>ei</code> 0–{highest}).
            {c.missingIndices > 0 && <> <strong className="bad-text">Never arrived: ei {c.missingRanges.map(rangeText).join(', ')}.</strong></>}
          </p>
          <div className="ei-strip" role="img" aria-label={c.missingIndices > 0 ? `Event indices 0 to ${highest}; missing ${c.missingRanges.map(rangeText).join(', ')}` : `Event indices 0 to ${highest}, none missing`}>
            {segments.map((s) => (
              <span key={s.from} className={s.gap ? 'gap' : 'ok'} style={{ flexGrow: s.to - s.from + 1, minWidth: 3 }} title={`ei ${rangeText([s.from, s.to])}${s.gap ? ' missing' : ' arrived'}`} />
            ))}
          </div>
          <div className="ei-scale" aria-hidden="true"><span>ei 0</span><span>ei {highest}</span></div>
          {c.missingRanges.length > 0 && (
            <ul className="missing-list" aria-label="Missing event index ranges">
              {c.missingRanges.map((r) => <li key={r[0]}><Badge tone="bad">ei {rangeText(r)}{r[0] !== r[1] ? ` (${r[1] - r[0] + 1})` : ''}</Badge></li>)}
            </ul>
          )}
        </>
      )}
      {!c.hasEnd && <p className="muted">No <code>session.end</code> has arrived{detail.session.status === 'abandoned' ? ', and nothing has been heard from it for over 24 hours (abandoned)' : ' yet: it may still be running'}.</p>}
      {detail.truncated && <p className="note note-warn">This session has more than 10,000 events; only the first 10,000 are shown and counted here.</p>}
    </section>
  );
}
