import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Badge } from '../../components/ui';
import { tableTime } from './table-time';
import { Link } from '../../router';
import { eventSummary, nodeOf, outcomeOf } from './event-summary';
import { rowTop, rowWindow } from './row-window';
import type { EventRow } from './search-types';

const ROW = 30;

type Props = {
  rows: EventRow[];
  cursor: number;
  expandedId: string;
  onCursor: (index: number) => void;
  onToggle: (id: string) => void;
  onOpen: (id: string) => void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  renderDetail: (row: EventRow) => ReactNode;
};

const COLUMNS = ['Time', 'Event', 'Actor', 'Node', 'IP', 'Outcome', 'Details'];

/**
 * The results, windowed (only the rows in view are in the DOM) and driven from the keyboard: j/k or ↓/↑
 * move, Enter expands or collapses, o opens the event page, Home/End and PageUp/PageDown jump, Esc collapses.
 * The table itself holds focus and points at the current row with aria-activedescendant.
 */
export function ResultsTable({ rows, cursor, expandedId, onCursor, onToggle, onOpen, hasMore, loadingMore, onLoadMore, renderDetail }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const detailRef = useRef<HTMLTableRowElement>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 600 });
  const [detailHeight, setDetailHeight] = useState(0);
  const expanded = expandedId ? rows.findIndex((r) => r.id === expandedId) : -1;

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const update = () => setScroll({ top: el.scrollTop, height: el.clientHeight });
    update();
    el.addEventListener('scroll', update, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(el);
    return () => { el.removeEventListener('scroll', update); resize.disconnect(); };
  }, []);

  // The detail's height is measured, not guessed, so the rows below it sit where the scroll bar says.
  useLayoutEffect(() => {
    const el = detailRef.current;
    if (!el) return;
    const measure = () => setDetailHeight(el.getBoundingClientRect().height);
    measure();
    const resize = new ResizeObserver(measure);
    resize.observe(el);
    return () => resize.disconnect();
  });

  const bring = useCallback((index: number) => {
    const el = scroller.current;
    if (!el) return;
    const head = el.querySelector('thead')?.getBoundingClientRect().height ?? ROW;
    const top = rowTop(index, { rowHeight: ROW, expanded, detailHeight });
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW + head > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW + head - el.clientHeight;
  }, [expanded, detailHeight]);

  useEffect(() => { if (cursor >= 0) bring(cursor); }, [cursor, bring]);

  const move = (to: number) => {
    if (rows.length === 0) return;
    if (to >= rows.length && hasMore && !loadingMore) onLoadMore();
    onCursor(Math.max(0, Math.min(rows.length - 1, to)));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const page = Math.max(1, Math.floor((scroll.height - ROW) / ROW) - 1);
    const current = rows[cursor];
    const keys: Record<string, () => void> = {
      j: () => move(cursor + 1), ArrowDown: () => move(cursor + 1),
      k: () => move(cursor - 1), ArrowUp: () => move(cursor - 1),
      PageDown: () => move(cursor + page), PageUp: () => move(cursor - page),
      Home: () => move(0), End: () => move(rows.length - 1),
      Enter: () => { if (current) onToggle(current.id); },
      ' ': () => { if (current) onToggle(current.id); },
      o: () => { if (current) onOpen(current.id); },
      Escape: () => { if (expandedId) onToggle(expandedId); },
    };
    const run = keys[event.key];
    if (!run || (event.target as HTMLElement).closest('a, button, input, pre') && event.target !== event.currentTarget) return;
    event.preventDefault();
    run();
  };

  const win = rowWindow({ count: rows.length, rowHeight: ROW, scrollTop: scroll.top, viewport: scroll.height, expanded, detailHeight });
  const visible = rows.slice(win.start, win.end + 1);

  return (
    <div className="results-scroll" ref={scroller}>
      <table className="results" role="grid" aria-label="Search results" aria-rowcount={rows.length + 1} tabIndex={0}
        aria-activedescendant={rows[cursor] ? `row-${rows[cursor]!.id}` : undefined} onKeyDown={onKeyDown}>
        <colgroup>
          <col style={{ width: 190 }} /><col style={{ width: 164 }} /><col style={{ width: 124 }} /><col style={{ width: 116 }} />
          <col style={{ width: 112 }} /><col style={{ width: 70 }} /><col />
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>{COLUMNS.map((c) => <th key={c} scope="col">{c}</th>)}</tr>
        </thead>
        <tbody>
          {win.top > 0 && <tr className="spacer" aria-hidden="true" style={{ height: win.top }}><td colSpan={7} /></tr>}
          {visible.map((row, k) => {
            const i = win.start + k;
            const isExpanded = row.id === expandedId;
            const outcome = outcomeOf(row);
            const node = nodeOf(row);
            return [
              <tr key={row.id} id={`row-${row.id}`} className={`result-row${i === cursor ? ' is-cursor' : ''}${isExpanded ? ' is-expanded' : ''}`}
                aria-rowindex={i + 2} aria-selected={i === cursor}
                onClick={(e) => { if ((e.target as HTMLElement).closest('a, button')) return; onCursor(i); onToggle(row.id); }}>
                <td className="mono nowrap" aria-expanded={isExpanded}>
                  <span className="caret" aria-hidden="true">{isExpanded ? '▾' : '▸'}</span>
                  <Link href={`/events/${encodeURIComponent(row.id)}`} tabIndex={-1} title={`${row.time} · open the event page`}>{tableTime(row.time)}</Link>
                </td>
                <td className="nowrap" title={row.code ? `${row.type} (${row.code})` : row.type}>{row.type}</td>
                <td className="nowrap" title={row.login ? `${row.actor ?? ''} as ${row.login}` : row.actor ?? ''}>{row.actor ?? <span className="muted">—</span>}{row.login && <span className="muted"> @{row.login}</span>}</td>
                <td className="nowrap" title={node ?? ''}>{node ?? <span className="muted">—</span>}</td>
                <td className="mono nowrap">{row.remoteIp ?? <span className="muted">—</span>}</td>
                <td>{outcome.tone === 'neutral' ? <span className="muted">—</span> : <Badge tone={outcome.tone}>{outcome.label}</Badge>}</td>
                <td className="nowrap details-cell" title={eventSummary(row)}>{eventSummary(row)}</td>
              </tr>,
              isExpanded && (
                <tr key={`${row.id}-detail`} ref={detailRef} className="detail-row">
                  <td colSpan={7}>{renderDetail(row)}</td>
                </tr>
              ),
            ];
          })}
          {win.bottom > 0 && <tr className="spacer" aria-hidden="true" style={{ height: win.bottom }}><td colSpan={7} /></tr>}
        </tbody>
      </table>
      {(hasMore || rows.length > 0) && (
        <div className="results-foot">
          <span className="muted small">{rows.length.toLocaleString()} loaded{hasMore ? '' : ' · end of results'}</span>
          {hasMore && <button type="button" className="btn" onClick={onLoadMore} disabled={loadingMore}>{loadingMore ? 'Loading…' : 'Load more'}</button>}
        </div>
      )}
    </div>
  );
}
