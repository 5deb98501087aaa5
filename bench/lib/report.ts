import type { LoadPhaseResult } from '../scenarios/event-handler.js';
import type { CeilingResult } from '../scenarios/copy-ceiling.js';
import { fmtInt, fmtMs } from './stats.js';

export const TARGETS = {
  eventHandlerEventsPerSecond: 5_000,
  eventHandlerP99Ms: 50,
  fluentdShareOfCeiling: 0.5,
} as const;

export type TargetLine = { name: string; measured: string; pass: boolean };

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** The results as a Markdown table (pasted into BENCHMARKS.md as printed). */
export function resultsTable(phases: LoadPhaseResult[], ceiling: CeilingResult | null): string {
  const ratio = (eps: number) => (ceiling ? `${((eps / ceiling.rowsPerSecond) * 100).toFixed(0)}%` : '-');
  const rows = phases.map((p) => [p.scenario, fmtInt(p.eventsPerSecond), fmtMs(p.p50Ms), fmtMs(p.p99Ms), ratio(p.eventsPerSecond), fmtInt(p.non2xx + p.errors)]);
  if (ceiling) rows.push(['(c) Ceiling: COPY csv, owner role', fmtInt(ceiling.rowsPerSecond), '-', '-', '100%', '-']);
  return table(['scenario', 'events/s', 'p50 ms', 'p99 ms', 'ratio to ceiling', 'non-2xx/errors'], rows);
}

export function targetLines(a: LoadPhaseResult | undefined, b: LoadPhaseResult | undefined, ceiling: CeilingResult | null): TargetLine[] {
  const lines: TargetLine[] = [];
  if (a) {
    lines.push({ name: `(a) >= ${fmtInt(TARGETS.eventHandlerEventsPerSecond)} events/s`, measured: `${fmtInt(a.eventsPerSecond)} events/s`, pass: a.eventsPerSecond >= TARGETS.eventHandlerEventsPerSecond });
    lines.push({ name: `(a) p99 <= ${TARGETS.eventHandlerP99Ms} ms`, measured: `${fmtMs(a.p99Ms)} ms`, pass: a.p99Ms <= TARGETS.eventHandlerP99Ms });
  }
  if (b && ceiling) {
    const share = b.eventsPerSecond / ceiling.rowsPerSecond;
    lines.push({ name: `(b) >= ${TARGETS.fluentdShareOfCeiling * 100}% of ceiling`, measured: `${(share * 100).toFixed(0)}% (${fmtInt(b.eventsPerSecond)} / ${fmtInt(ceiling.rowsPerSecond)})`, pass: share >= TARGETS.fluentdShareOfCeiling });
  }
  return lines;
}

export const formatTarget = (t: TargetLine): string => `${t.pass ? 'PASS' : 'MISS'}  ${t.name.padEnd(28)} measured ${t.measured}`;
