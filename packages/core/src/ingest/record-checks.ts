import type { DecodeLimits, DecodedRecord, QuarantinedPart } from './decode-types.js';
import type { FramedPiece } from './framed-body.js';
import { forwarderKeysFor } from './forwarder-keys.js';
import { describeJsonType, isJsonObject } from '../json-shape.js';
import { jsonText } from './json-text.js';
import { findUnstorable } from './storable-value.js';

export type CheckedPiece = { ok: true; decoded: DecodedRecord } | { ok: false; part: QuarantinedPart };

/**
 * Turns one framed value into a record (teleport-wire.md §7.2 step 3): it must be storable at all
 * (storable-value.ts), a JSON object, and its compact JSON must fit `maxRecordBytes` (measured the same
 * way whatever the framing, so the verdict does not depend on how a sender spaced its JSON). The record
 * itself is never modified.
 */
export function checkPiece({ piece, limits, userAgent }: { piece: FramedPiece; limits: DecodeLimits; userAgent: string | undefined }): CheckedPiece {
  if (piece.kind === 'rejected') return { ok: false, part: piece.part };
  const { value, context } = piece;
  const unstorable = findUnstorable(value);
  if (unstorable) return { ok: false, part: { ...unstorable, bytes: piece.bytes ?? Buffer.from(jsonText(value), 'utf8'), context } };
  const text = JSON.stringify(value) ?? 'null';
  const bytes = () => piece.bytes ?? Buffer.from(text, 'utf8');
  if (!isJsonObject(value)) {
    return { ok: false, part: { reason: 'record.not_object', message: `expected a JSON object, got ${describeJsonType(value)}`, bytes: bytes(), context } };
  }
  const size = Buffer.byteLength(text, 'utf8');
  if (size > limits.maxRecordBytes) {
    const message = `record is ${size} bytes, over the ${limits.maxRecordBytes}-byte limit`;
    return { ok: false, part: { reason: 'record.too_large', message, bytes: bytes(), context } };
  }
  const record = unwrapEmbeddedEvent(value);
  const unstorableInner = record === value ? null : findUnstorable(record);
  if (unstorableInner) return { ok: false, part: { ...unstorableInner, bytes: bytes(), context } };
  return { ok: true, decoded: { record, forwarderKeys: forwarderKeysFor({ record, userAgent }) } };
}

/**
 * A forwarder tailing the Event Handler's output, or one with the wrong parser, ships the event as a
 * JSON string in `log` (Fluent Bit, Docker) or `message` (Vector, syslog). An object with no `event`
 * of its own whose string holds an object that has one is unwrapped. Teleport's own `message` field
 * is safe: real events always have `event`, so they are never unwrapped.
 */
function unwrapEmbeddedEvent(record: Record<string, unknown>): Record<string, unknown> {
  if (Object.hasOwn(record, 'event')) return record;
  for (const key of ['log', 'message']) {
    const inner = record[key];
    if (typeof inner !== 'string' || !inner.trimStart().startsWith('{')) continue;
    try {
      const parsed: unknown = JSON.parse(inner);
      if (isJsonObject(parsed) && Object.hasOwn(parsed, 'event')) return parsed;
    } catch {
      // Not JSON after all: the record stays as it came.
    }
  }
  return record;
}
