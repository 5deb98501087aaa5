import { microTimeOf, type MicroTime } from '../time/micro-time.js';

/**
 * Lenient parsing of Teleport timestamps (event-schema.md §3.1).
 *
 * Accepted:
 * - RFC 3339 with 0–9 fractional digits and `Z` or a numeric `±HH:MM` offset (Go's RFC3339Nano drops
 *   trailing zeros, so every digit count occurs in practice).
 * - Panther's zone-less `YYYY-MM-DD HH:MM:SS[.fffffffff]`, read as UTC. Postgres would read it in the
 *   session TimeZone, which is why this parsing happens here and never as a database cast.
 *
 * Rejected as `invalid` rather than guessed at: a `T` form without a zone, out-of-range fields such as
 * `23:00:000` (Postgres silently accepts that one), leap second 60 (Go cannot produce it), surrounding
 * whitespace, and numbers, since no source sends epochs and a bare number has no known unit.
 *
 * Precision: microseconds, as Postgres keeps them (`time`, a MicroTime); digits beyond the sixth are
 * truncated, which never moves an event into the next second. `date` is the same instant to the
 * millisecond, for what needs no more (partition months).
 */
export type EventTimeRejection = 'missing' | 'zero' | 'invalid';

export type EventTime =
  | { time: MicroTime; date: Date; reason: null }
  | { time: null; date: null; reason: EventTimeRejection };

const TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})([Tt ])(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})?$/;

/** Go's `time.Time{}` (0001-01-01T00:00:00Z): what Teleport writes for "no time set". */
const GO_ZERO_TIME_MS = -62_135_596_800_000;
/** 9999-12-31T23:59:59.999Z */
const LAST_STORABLE_MS = 253_402_300_799_999;

/**
 * Whether Postgres can take this instant as written in JSON: years 0001 to 9999. JavaScript writes year 0
 * as "0000" and later years with a sign and six digits, and Postgres refuses both, which would fail the
 * whole insert batch; such a time is as unusable as an unparseable one.
 */
export function isStorableInstant(date: Date): boolean {
  const ms = date.getTime();
  return ms >= GO_ZERO_TIME_MS && ms <= LAST_STORABLE_MS;
}

export function parseEventTime(value: unknown): EventTime {
  if (value === undefined || value === null || value === '') return rejected('missing');
  if (typeof value !== 'string') return rejected('invalid');

  const m = TIME_PATTERN.exec(value);
  if (!m) return rejected('invalid');
  const [, year, month, day, separator, hour, minute, second, fraction, zone] = m;
  // A zone-less T form is ambiguous (local time of an unknown host), so only the Panther space form may omit it.
  if (zone === undefined && separator !== ' ') return rejected('invalid');

  const fields = {
    year: Number(year), month: Number(month), day: Number(day),
    hour: Number(hour), minute: Number(minute), second: Number(second),
  };
  if (!fieldsInRange(fields)) return rejected('invalid');
  const offsetMinutes = parseOffsetMinutes(zone);
  if (offsetMinutes === null) return rejected('invalid');

  const digits = (fraction ?? '').padEnd(6, '0');
  const ms = Number(digits.slice(0, 3));
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 onto 1900–1999 (Go's zero time is year 1).
  date.setUTCFullYear(fields.year, fields.month - 1, fields.day);
  date.setUTCHours(fields.hour, fields.minute, fields.second, ms);
  date.setTime(date.getTime() - offsetMinutes * 60_000);

  // Compared on the full fraction: 100 µs after the zero time is a real (if odd) instant, as in Go's IsZero.
  if (date.getTime() === GO_ZERO_TIME_MS && !/[1-9]/.test(fraction ?? '')) return rejected('zero');
  if (!isStorableInstant(date)) return rejected('invalid');
  return { time: microTimeOf(date, Number(digits.slice(3, 6))), date, reason: null };
}

const rejected = (reason: EventTimeRejection): EventTime => ({ time: null, date: null, reason });

type TimeFields = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function fieldsInRange({ year, month, day, hour, minute, second }: TimeFields): boolean {
  if (month < 1 || month > 12) return false;
  if (day < 1 || day > daysInMonth({ year, month })) return false;
  return hour <= 23 && minute <= 59 && second <= 59;
}

function daysInMonth({ year, month }: { year: number; month: number }): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** Minutes east of UTC; null when the offset itself is out of range. No zone means UTC (space form only). */
function parseOffsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}
