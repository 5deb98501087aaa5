/**
 * An instant with the precision Postgres keeps (microseconds), as UTC RFC 3339 text with exactly six
 * fractional digits: `2024-05-01T10:00:00.123456Z`. Teleport writes nanoseconds and a JS Date holds only
 * milliseconds, so two events of the same millisecond would lose their order through a Date; this keeps
 * it from the event's own `time` to the table and back to the API. Fixed width for the years 0001-9999
 * (the only ones stored), so the strings sort as the instants do. Digits past the sixth are truncated,
 * never rounded, so an event never moves into the next microsecond (or second, or month).
 */
export type MicroTime = string & { readonly __microTime: unique symbol };

const MICRO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export const isMicroTime = (value: unknown): value is MicroTime => typeof value === 'string' && MICRO_TIME.test(value);

/** A Date's instant, plus 0-999 microseconds the Date cannot hold. */
export function microTimeOf(date: Date, extraMicros = 0): MicroTime {
  const iso = date.toISOString();
  return `${iso.slice(0, 23)}${String(Math.trunc(extraMicros)).padStart(3, '0')}Z` as MicroTime;
}

/** The instant to the millisecond, for what only needs that (partition months, clocks). */
export const microTimeToDate = (time: MicroTime): Date => new Date(time);

/** Epoch seconds with a fraction (Fluent Bit's `date`), to the microsecond the double allows. */
export function microTimeFromEpochSeconds(seconds: number): MicroTime {
  const micros = Math.floor(seconds * 1_000_000);
  const ms = Math.floor(micros / 1000);
  return microTimeOf(new Date(ms), micros - ms * 1000);
}

/**
 * Postgres's text form of a timestamptz in a UTC session (`2024-05-01 10:00:00.1234+00`, trailing zeros
 * dropped) or any RFC 3339 text with up to nine fractional digits, as a MicroTime; null when it is neither.
 */
export function parseMicroTime(text: string): MicroTime | null {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)$/.exec(text);
  if (!m) return null;
  const [, day, clock, fraction = '', zone] = m;
  const offset = zone === 'Z' ? 'Z' : zone!.length === 3 ? `${zone}:00` : zone!.includes(':') ? zone : `${zone!.slice(0, 3)}:${zone!.slice(3)}`;
  const date = new Date(`${day}T${clock}${offset}`);
  if (Number.isNaN(date.getTime())) return null;
  const digits = fraction.padEnd(6, '0');
  return microTimeOf(new Date(date.getTime() + Number(digits.slice(0, 3))), Number(digits.slice(3, 6)));
}
