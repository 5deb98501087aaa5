import { describeJsonType, findUnstorable, forwarderKeysFor, isJsonObject } from '@tai/core';
import type { BadRecord, BadRecordReason, ObjectRecord } from './object-source.js';

/** Enough of a bad record to see what went wrong without keeping a huge one in memory. */
export const BAD_RECORD_BYTES_CAP = 64 * 1024;

/** One value read from an object: a record, or the reason it could not be one. */
export type ReadItem = { ok: true; record: ObjectRecord } | { ok: false; bad: BadRecord };

export function badItem({ reason, message, location, bytes }: { reason: BadRecordReason; message: string; location: string; bytes: Uint8Array }): ReadItem {
  // Copied so a bad record never pins the (much larger) chunk it was cut from.
  const capped = Buffer.from(bytes.subarray(0, BAD_RECORD_BYTES_CAP));
  return { ok: false, bad: { reason, message, location, bytes: capped } };
}

export function tooLargeItem({ size, maxRecordBytes, location, bytes }: { size: number; maxRecordBytes: number; location: string; bytes: Uint8Array }): ReadItem {
  const message = `record is ${size} bytes, over the ${maxRecordBytes}-byte limit`;
  return badItem({ reason: 'record.too_large', message, location, bytes });
}

/**
 * Parses one JSON value into a record, kept verbatim. Forwarder keys are inferred for line formats
 * (`inferForwarder`), never for Parquet, which Teleport writes itself.
 */
export function parseRecord({ text, bytes, location, containerTime, inferForwarder }: {
  text: string;
  bytes: () => Uint8Array;
  location: string;
  containerTime: Date | null;
  inferForwarder: boolean;
}): ReadItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return badItem({ reason: 'body.invalid_json', message: (error as Error).message, location, bytes: bytes() });
  }
  const unstorable = findUnstorable(value);
  if (unstorable) return badItem({ ...unstorable, location, bytes: bytes() });
  if (!isJsonObject(value)) {
    return badItem({ reason: 'record.not_object', message: `expected a JSON object, got ${describeJsonType(value)}`, location, bytes: bytes() });
  }
  const forwarderKeys = inferForwarder ? forwarderKeysFor({ record: value, userAgent: impliedUserAgent(value) }) : [];
  return { ok: true, record: { record: value, containerTime, forwarderKeys } };
}

/**
 * S3 objects carry no User-Agent, so the forwarder is inferred from the record itself. Fluent Bit's
 * s3 output (json_lines) adds `date`, its ingest time as epoch seconds, beside the record's keys.
 * Teleport events always have `event` and have no numeric top-level `date`, so that pair marks a
 * Fluent Bit line without risking a real Teleport key; `date` alone is too common a word to trust.
 */
function impliedUserAgent(record: Record<string, unknown>): string | undefined {
  return typeof record.date === 'number' && Object.hasOwn(record, 'event') ? 'Fluent-Bit' : undefined;
}
