import type { MicroTime } from '../time/micro-time.js';

/** Microseconds since the epoch of a MicroTime (fixed width: milliseconds, then three more digits). */
export function epochMicros(time: MicroTime): number {
  return Date.parse(`${time.slice(0, 23)}Z`) * 1000 + Number(time.slice(23, 26));
}

export const SECOND_MICROS = 1_000_000;
