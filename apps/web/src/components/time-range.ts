import { formatMinute } from '../format';
// Time ranges as the API takes them (README "Time range"): RFC 3339, a date, `now`, or relative (-24h, now-7d).
// The URL keeps what the user chose, so a shared "last 24 hours" link stays relative.

export type TimeRangeValue = { from: string; to: string };

export type TimePreset = { value: string; short: string; long: string };

export const TIME_PRESETS: readonly TimePreset[] = [
  { value: '-15m', short: '15 min', long: 'Last 15 minutes' },
  { value: '-1h', short: '1 h', long: 'Last hour' },
  { value: '-24h', short: '24 h', long: 'Last 24 hours' },
  { value: '-7d', short: '7 d', long: 'Last 7 days' },
  { value: '-30d', short: '30 d', long: 'Last 30 days' },
];

const RELATIVE = /^(?:now)?(?:([+-])(\d{1,6})([smhdw]))?$/;
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Accepts what the API accepts; an empty string means "no bound". */
export function isValidInstant(text: string): boolean {
  const t = text.trim();
  if (t === '') return true;
  if (RELATIVE.test(t)) return true;
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return !Number.isNaN(Date.parse(`${t}T00:00:00Z`));
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(t) && !Number.isNaN(Date.parse(t));
}

/** The instant a bound stands for now, in ms; null for an open bound or unreadable text. */
export function instantMs(text: string, now = Date.now()): number | null {
  const t = text.trim();
  if (t === '') return null;
  const relative = RELATIVE.exec(t);
  if (relative) {
    const [, sign, amount, unit] = relative;
    return sign ? now + (sign === '-' ? -1 : 1) * Number(amount) * UNIT_MS[unit!]! : now;
  }
  // As the API reads it: a date, or a date and time without an offset, is UTC (Date.parse would take local time).
  const naive = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2}(?:\.\d{1,9})?)?)?$/.exec(t);
  const ms = Date.parse(naive ? `${naive[1]}T${naive[2] ?? '00:00'}${(naive[3] ?? ':00').slice(0, 10)}Z` : t);
  return Number.isNaN(ms) ? null : ms;
}

export const isRelative = (text: string): boolean => RELATIVE.test(text.trim()) && text.trim() !== '';

export function presetOf(range: TimeRangeValue): TimePreset | null {
  if (range.to !== '' && range.to !== 'now') return null;
  return TIME_PRESETS.find((p) => p.value === range.from) ?? null;
}


function describeBound(text: string): string {
  if (isRelative(text)) return text === 'now' ? 'now' : text;
  const ms = instantMs(text);
  return ms === null ? text : `${formatMinute(ms)} UTC`;
}

/** "Last 24 hours", "Jun 1, 02:00 → Jun 1, 06:00", "All time". */
export function describeRange(range: TimeRangeValue): string {
  const preset = presetOf(range);
  if (preset) return preset.long;
  if (!range.from && !range.to) return 'All time';
  if (!range.to) return `Since ${describeBound(range.from)}`;
  if (!range.from) return `Until ${describeBound(range.to)}`;
  return `${describeBound(range.from)} → ${describeBound(range.to)}`;
}

/** An instant as the API writes times, for zoomed ranges: RFC 3339 UTC, milliseconds. */
export const isoOf = (ms: number): string => new Date(ms).toISOString();
