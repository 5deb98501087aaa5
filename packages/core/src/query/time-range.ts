import { isStorableInstant, parseEventTime } from '../events/event-time.js';
import { microTimeOf, type MicroTime } from '../time/micro-time.js';
import { errors } from '../errors.js';

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * A point in time as people write it in a search: RFC 3339 (`2026-01-31T00:00:00Z`, microseconds kept), a
 * date (`2026-01-31`, midnight UTC), a date and time without an offset (`2026-01-31 14:30`, UTC, as the dashboard
 * shows times), `now`, or relative to now (`-24h`, `now-7d`, `now-15m`; s, m, h, d, w).
 * Null when it is none of these or outside the years 0001-9999.
 */
export function parseInstant(text: string, now: Date): MicroTime | null {
  const relative = /^(?:now)?(?:([+-])(\d{1,6})([smhdw]))?$/.exec(text);
  if (relative && text !== '') {
    const [, sign, amount, unit] = relative;
    const offset = sign ? (sign === '-' ? -1 : 1) * Number(amount) * UNITS[unit!]! : 0;
    const date = new Date(now.getTime() + offset);
    return isStorableInstant(date) ? microTimeOf(date) : null;
  }
  const parsed = parseEventTime(asUtc(text));
  return parsed.reason === null ? parsed.time : null;
}

const NAIVE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2}(?:\.\d{1,9})?)?)?$/;

/** A date, or a date and time with no offset, read as UTC; anything else as written. */
function asUtc(text: string): string {
  const naive = NAIVE.exec(text.trim());
  if (!naive) return text;
  const [, date, hm, seconds] = naive;
  return `${date}T${hm ?? '00:00'}${seconds ?? ':00'}Z`;
}

export type TimeRange = { from: MicroTime | null; to: MicroTime | null };

/** `from` (inclusive) and `to` (exclusive) of a search, resolved against now; 400 when either is unreadable. */
export function resolveTimeRange({ from, to }: { from?: string | undefined; to?: string | undefined }, now: Date): TimeRange {
  const one = (name: 'from' | 'to', value: string | undefined): MicroTime | null => {
    if (value === undefined || value === '') return null;
    const instant = parseInstant(value, now);
    if (!instant) {
      throw errors.badRequest({
        message: `${name} must be an RFC 3339 time (2026-01-31T00:00:00Z), a date (2026-01-31), a UTC date and time (2026-01-31 14:30), now, or relative to now (-24h, now-7d), between the years 0001 and 9999`,
        details: { parameter: name },
      });
    }
    return instant;
  };
  const range = { from: one('from', from), to: one('to', to) };
  if (range.from && range.to && range.from >= range.to) throw errors.badRequest({ message: 'from must be earlier than to', details: { parameter: 'from' } });
  return range;
}
