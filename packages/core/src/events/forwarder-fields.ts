import { microTimeFromEpochSeconds, microTimeOf, type MicroTime } from '../time/micro-time.js';
import { isStorableInstant, parseEventTime } from './event-time.js';
import type { NormalizeContext } from './normalized-event.js';
import { CONTAINER_TIME_WARNING, FORWARDER_DATE_WARNING, TIME_WARNINGS } from './parse-warnings.js';

/**
 * The record as Teleport wrote it: the keys a forwarder added (ctx.forwarderKeys) removed. Field
 * extraction and the content hash read this view, so an event hashes and maps the same whether it
 * came straight from the Event Handler or through Fluent Bit with a `date` prepended. A shallow copy;
 * the record itself (stored as `raw`) is never touched.
 */
export function teleportView({ raw, forwarderKeys }: { raw: Record<string, unknown>; forwarderKeys: readonly string[] }): Record<string, unknown> {
  if (!forwarderKeys.some((key) => Object.hasOwn(raw, key))) return raw;
  const view = { ...raw };
  for (const key of forwarderKeys) delete view[key];
  return view;
}

export type ResolvedEventTime = { eventTime: MicroTime; timeFromReceivedAt: boolean };

/**
 * `time` when usable; else Fluent Bit's `date` when a forwarder added it (its ingest time, seconds
 * since the epoch: close to the event time, and far closer than our receive time after a retry or
 * a backlog); else the receive time (teleport-wire.md §7.7). `time` is read from the Teleport view,
 * `date` from the record as received, since the view has dropped it.
 */
export function resolveEventTime({ view, raw, ctx, warnings }: {
  view: Record<string, unknown>;
  raw: Record<string, unknown>;
  ctx: NormalizeContext;
  warnings: string[];
}): ResolvedEventTime {
  const time = parseEventTime(view.time);
  if (time.reason === null) return { eventTime: time.time, timeFromReceivedAt: false };
  warnings.push(TIME_WARNINGS[time.reason]);
  // The container's time is the event's own (Teleport's Parquet column; Fluentd moved `time` there),
  // so it deduplicates like any event time.
  if (ctx.containerTime && isStorableInstant(ctx.containerTime)) {
    warnings.push(CONTAINER_TIME_WARNING);
    return { eventTime: microTimeOf(ctx.containerTime), timeFromReceivedAt: false };
  }
  const forwarderDate = readForwarderDate({ raw, forwarderKeys: ctx.forwarderKeys ?? [] });
  if (forwarderDate) {
    warnings.push(FORWARDER_DATE_WARNING);
    // Still a time of receipt (the forwarder's), not the event's: it differs per delivery, so the event
    // must be deduplicated like any other event without a time.
    return { eventTime: forwarderDate, timeFromReceivedAt: true };
  }
  return { eventTime: microTimeOf(ctx.receivedAt), timeFromReceivedAt: true };
}

/** Only a `date` the ingest step attributed to a forwarder: Teleport itself has no `date` key, but a
 * same-named field from anywhere else means nothing we know. Kept to the microsecond the double holds. */
function readForwarderDate({ raw, forwarderKeys }: { raw: Record<string, unknown>; forwarderKeys: readonly string[] }): MicroTime | null {
  if (!forwarderKeys.includes('date')) return null;
  const seconds = raw.date;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return null;
  return isStorableInstant(new Date(Math.floor(seconds * 1000))) ? microTimeFromEpochSeconds(seconds) : null;
}
