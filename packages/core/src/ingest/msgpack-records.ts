import { Unpackr } from 'msgpackr';
import { rejectedPiece, valuePiece, type FramedBody, type FramedPiece } from './framed-body.js';

/**
 * The reader for `application/msgpack` bodies: a stream of values (teleport-wire.md §7.2 step 2).
 * A map is a record (Fluentd `out_http` msgpack). Fluent Bit sends `[[time, meta], record]` and the
 * older forward shape is `[time, record]`; only the record is kept, since the forwarder's time is not
 * the event's. Values decoded before a broken one are kept; the rest of the stream is quarantined as
 * `body.invalid_msgpack` (a stream cannot be resynchronised after a bad value).
 */
export function frameMsgpackBody(body: Buffer): FramedBody {
  if (body.length === 0) return { framing: 'empty', pieces: [] };
  // A fresh decoder per body: msgpackr decoders carry state between calls, and no state should leak
  // across requests. Maps become plain objects and 64-bit integers numbers, as JSON.parse would give.
  const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: 'number' });
  const pieces: FramedPiece[] = [];
  let decodedUpTo = 0;
  try {
    // msgpackr caches a DataView on the buffer object it reads, so it gets its own view of the bytes.
    const source = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    unpackr.unpackMultiple(source, (value: unknown, start = 0, end = body.length) => {
      pieces.push(msgpackPiece({ value, bytes: body.subarray(start, end), offset: start }));
      decodedUpTo = end;
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const context = `value at byte ${decodedUpTo}`;
    pieces.push(rejectedPiece({ reason: 'body.invalid_msgpack', message, bytes: body.subarray(decodedUpTo), context }));
  }
  return { framing: 'msgpack', pieces };
}

function msgpackPiece({ value, bytes, offset }: { value: unknown; bytes: Buffer; offset: number }): FramedPiece {
  const context = `value at byte ${offset}`;
  const json = toJsonValue(forwardedRecord(value));
  if (!json.ok) return rejectedPiece({ reason: 'body.invalid_msgpack', message: json.message, bytes, context });
  return valuePiece({ value: json.value, bytes, context });
}

/** `[[t, meta], rec]` (Fluent Bit) and `[t, rec]` (forward) yield `rec`; anything else is itself. */
function forwardedRecord(value: unknown): unknown {
  if (!Array.isArray(value) || value.length !== 2) return value;
  const [head, record] = value as [unknown, unknown];
  return isPlainObject(record) && !isPlainObject(head) ? record : value;
}

type JsonConversion = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Records must look exactly like JSON-decoded ones downstream (hashing, storage as jsonb), so
 * msgpack-only types are mapped: binary to UTF-8 text (old msgpack "raw" strings arrive as bin),
 * bigints to numbers, timestamps to ISO strings (Date's own toJSON), undefined members dropped.
 */
function toJsonValue(value: unknown): JsonConversion {
  try {
    const text = JSON.stringify(value, function replace(this: Record<string, unknown>, key, converted: unknown) {
      const original = this[key];
      if (original instanceof Uint8Array) return Buffer.from(original.buffer, original.byteOffset, original.byteLength).toString('utf8');
      if (typeof converted === 'bigint') return Number(converted);
      return converted;
    });
    return { ok: true, value: text === undefined ? null : (JSON.parse(text) as unknown) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
