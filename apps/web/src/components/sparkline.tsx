import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { cssVar, useThemeVersion } from '../theme';

export type SparklinePoint = { at: string; count: number };


/** The width of an element, followed as it resizes (for `width="fill"`). */
function useWidth(el: HTMLElement | null, enabled: boolean): number | null {
  const [width, setWidth] = useState<number | null>(null);
  useEffect(() => {
    if (!el || !enabled) return;
    const observer = new ResizeObserver(([entry]) => { if (entry) setWidth(Math.floor(entry.contentRect.width)); });
    observer.observe(el);
    return () => observer.disconnect();
  }, [el, enabled]);
  return width;
}


/** The tokens are #rrggbb; the fill is the stroke, translucent. */
function translucent(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return `rgba(58, 79, 209, ${alpha})`;
  return `rgba(${parseInt(m[1]!, 16)}, ${parseInt(m[2]!, 16)}, ${parseInt(m[3]!, 16)}, ${alpha})`;
}

type Props = {
  points: SparklinePoint[];
  /** What the picture shows, in words (total and peak): the chart is an image to assistive technology. */
  label: string;
  /** Pixels, or "fill" for the width of the container. */
  width?: number | 'fill';
  height?: number;
  /** Hour labels and a count scale, for a chart large enough to read values from. */
  axes?: boolean;
};

/** A small area chart of counts over time, drawn with uPlot. */
export function Sparkline({ points, label, width = 120, height = 28, axes = false }: Props) {
  const [container, setContainer] = useState<HTMLDivElement | null>(null);
  const target = useRef<HTMLDivElement>(null);
  const theme = useThemeVersion();
  const measured = useWidth(container, width === 'fill');
  const pixels = width === 'fill' ? measured : width;

  useEffect(() => {
    const el = target.current;
    if (!el || points.length === 0 || !pixels) return;
    const xs = points.map((p) => new Date(p.at).getTime() / 1000);
    const ys = points.map((p) => p.count);
    const peak = Math.max(1, ...ys);
    const stroke = cssVar('--accent', '#3a4fd1');
    const muted = cssVar('--muted', '#545b68');
    const grid = cssVar('--border', '#d4d8e0');
    const axis = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui, sans-serif' };
    const plot = new uPlot({
      width: pixels,
      height,
      padding: axes ? [8, 8, 0, 0] : [2, 1, 1, 1],
      cursor: { show: false },
      legend: { show: false },
      select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      axes: axes ? [{ ...axis, space: 60, values: (_u: uPlot, splits: number[]) => splits.map((v) => new Date(v * 1000).toISOString().slice(11, 16)) }, { ...axis, size: 40, space: 24, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 100000, 1000000] }] : [{ show: false }, { show: false }],
      scales: { x: { time: true }, y: { range: [0, peak] } },
      series: [{}, { stroke, width: 1.5, fill: translucent(stroke, 0.22), points: { show: false } }],
    }, [xs, ys], el);
    return () => plot.destroy();
  }, [points, pixels, height, axes, theme]);

  return (
    <div ref={setContainer} className="sparkline-box" style={width === 'fill' ? { width: '100%' } : { width }}>
      <div className="sparkline" ref={target} role="img" aria-label={label} style={{ height }} />
    </div>
  );
}
