// Which rows of a long table to render: only those in view (plus some overscan), with spacers standing in
// for the rest, so thousands of results scroll smoothly. Rows are one fixed height; one expanded row may add
// a detail of measured height below it.

export type RowWindow = { start: number; end: number; top: number; bottom: number };

export type WindowInput = {
  count: number;
  rowHeight: number;
  scrollTop: number;
  viewport: number;
  /** index of the expanded row, or -1 */
  expanded: number;
  detailHeight: number;
  overscan?: number;
};

/** Top edge of row i, counting the expanded detail above it. */
export function rowTop(i: number, { rowHeight, expanded, detailHeight }: Pick<WindowInput, 'rowHeight' | 'expanded' | 'detailHeight'>): number {
  return i * rowHeight + (expanded >= 0 && i > expanded ? detailHeight : 0);
}

function indexAt(y: number, input: WindowInput): number {
  const { rowHeight, expanded, detailHeight } = input;
  const detailEnd = expanded >= 0 ? (expanded + 1) * rowHeight + detailHeight : Infinity;
  const i = y >= detailEnd ? Math.floor((y - detailHeight) / rowHeight) : Math.floor(y / rowHeight);
  return Math.max(0, Math.min(input.count - 1, i));
}

export function rowWindow(input: WindowInput): RowWindow {
  const { count, rowHeight, scrollTop, viewport, expanded, detailHeight, overscan = 12 } = input;
  if (count === 0) return { start: 0, end: -1, top: 0, bottom: 0 };
  const start = Math.max(0, indexAt(scrollTop, input) - overscan);
  const end = Math.min(count - 1, indexAt(scrollTop + Math.max(viewport, rowHeight), input) + overscan);
  const extra = expanded >= 0 ? detailHeight : 0;
  const top = rowTop(start, input);
  const total = count * rowHeight + extra;
  const renderedEnd = rowTop(end, input) + rowHeight + (expanded === end ? detailHeight : 0);
  return { start, end, top, bottom: Math.max(0, total - renderedEnd) };
}
