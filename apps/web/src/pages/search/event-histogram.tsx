import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatCount } from '../../format';
import { histogramData, stackedColumns, type HistogramData } from './histogram-data';
import type { Histogram } from './search-types';
import { cssVar, useThemeVersion } from '../../theme';

type Props = {
  histogram: Histogram;
  /** a dragged (or clicked) span, in ms */
  onZoom: (fromMs: number, toMs: number) => void;
  /** a click on a legend entry: search that event type */
  onPickGroup: (key: string) => void;
};

const HEIGHT = 130;
// Axes in UTC like every time on the page; a day's label carries its year when the range spans years.
const tick = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' });
const tickTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' });
const tickDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const tickYearDay = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });

function axisLabels(intervalMs: number, spanMs: number) {
  const day = spanMs > 300 * 86_400_000 ? tickYearDay : tickDay;
  return (_u: uPlot, splits: number[]) => splits.map((s) => {
    const d = new Date(s * 1000);
    if (intervalMs >= 86_400_000) return day.format(d);
    return d.getUTCHours() === 0 && d.getUTCMinutes() === 0 ? day.format(d) : tickTime.format(d);
  });
}

function options(data: HistogramData, width: number, onZoom: Props['onZoom'], setHover: (i: number | null) => void): uPlot.Options {
  const { order } = stackedColumns(data);
  const muted = cssVar('--muted');
  const grid = cssVar('--border');
  const bars = uPlot.paths.bars!({ size: [0.9, 64], align: 1 });
  const axis = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui, sans-serif' };
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    padding: [8, 8, 0, 0],
    cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false }, y: false },
    select: { show: true, left: 0, top: 0, width: 0, height: 0 },
    // uPlot places its time ticks in the browser's zone unless told otherwise.
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: { x: { time: true, range: () => [data.fromMs / 1000, data.toMs / 1000] }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.05] } },
    axes: [
      { ...axis, values: axisLabels(data.intervalMs, data.toMs - data.fromMs), space: 70 },
      { ...axis, size: 44, values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? formatCount(v) : '')) },
    ],
    series: [{}, ...order.map((s) => ({ label: s.key, stroke: s.color, fill: s.color, width: 0, paths: bars, points: { show: false } }))],
    hooks: {
      setSelect: [(u) => {
        if (u.select.width < 3) return;
        const from = u.posToVal(u.select.left, 'x') * 1000;
        const to = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
        u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        onZoom(Math.round(from), Math.round(to));
      }],
      setCursor: [(u) => setHover(u.cursor.idx ?? null)],
    },
  };
}

/**
 * Events per bucket, stacked by event type (uPlot on a canvas). Drag across it to zoom into that span; click
 * a bar to zoom into its bucket. The legend doubles as a filter: a click searches that type.
 */
export function EventHistogram({ histogram, onZoom, onPickGroup }: Props) {
  const data = useMemo(() => histogramData(histogram), [histogram]);
  const host = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<number | null>(null);
  const theme = useThemeVersion();
  const zoomRef = useRef(onZoom);
  zoomRef.current = onZoom;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const { columns } = stackedColumns(data);
    let lastSelect = 0;
    const chart = new uPlot(options(data, Math.max(300, el.clientWidth), (f, t) => { lastSelect = Date.now(); zoomRef.current(f, t); }, setHover), [data.xs, ...columns], el);
    // A plain click (no drag) zooms into the bucket under the pointer.
    const click = () => {
      if (Date.now() - lastSelect < 300) return;
      const idx = chart.cursor.idx;
      if (idx === null || idx === undefined || !data.totals[idx]) return;
      const start = data.xs[idx]! * 1000;
      zoomRef.current(start, start + data.intervalMs);
    };
    chart.over.addEventListener('click', click);
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(300, el.clientWidth), height: HEIGHT }));
    resize.observe(el);
    return () => { resize.disconnect(); chart.over.removeEventListener('click', click); chart.destroy(); };
  }, [data, theme]);

  const total = data.totals.reduce((a, b) => a + b, 0);
  // The pointer's bucket index outlives a zoom, which replaces the data: out of range means nothing is hovered.
  const hovered = hover === null || data.xs[hover] === undefined ? null : { start: data.xs[hover]! * 1000, total: data.totals[hover]!, parts: data.series.map((s) => ({ key: s.key, color: s.color, n: s.counts[hover] ?? 0 })).filter((p) => p.n > 0) };

  return (
    <section className="histogram card" aria-label="Events over time">
      <div className="histogram-readout" aria-live="off">
        {hovered ? (
          <>
            <strong>{tick.format(new Date(hovered.start))}</strong>
            <span className="muted"> · {formatCount(hovered.total)} events</span>
            {hovered.parts.slice(0, 6).map((p) => (
              <span key={p.key} className="readout-part"><i style={{ background: p.color }} />{p.key} {formatCount(p.n)}</span>
            ))}
          </>
        ) : (
          <span className="muted">{formatCount(total)} events · {histogram.interval} buckets · drag across the chart to zoom, click a bar for its {histogram.interval}</span>
        )}
      </div>
      <div ref={host} className="histogram-plot" role="img"
        aria-label={`Event histogram: ${formatCount(total)} events, ${tick.format(new Date(data.fromMs))} – ${tick.format(new Date(data.toMs))}, ${histogram.interval} buckets, stacked by event type`} />
      {total > 0 && <ul className="histogram-legend" aria-label="Event types in the histogram">
        {data.series.map((s) => (
          <li key={s.key}>
            {s.key === 'other' || histogram.groups.length === 0 ? (
              <span className="legend-item"><i style={{ background: s.color }} />{s.key} <span className="muted">{formatCount(s.total)}</span></span>
            ) : (
              <button type="button" className="legend-item" onClick={() => onPickGroup(s.key)} title={`Include event:${s.key}`}>
                <i style={{ background: s.color }} /><span className="visually-hidden">Include event: </span>{s.key} <span className="muted">{formatCount(s.total)}</span>
              </button>
            )}
          </li>
        ))}
      </ul>}
    </section>
  );
}
