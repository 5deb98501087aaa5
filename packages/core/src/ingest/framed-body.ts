import type { Framing, QuarantinedPart } from './decode-types.js';

/**
 * What a framing reader produces: values in body order, each still to be checked as a record
 * (record-checks.ts), or parts it already had to reject. `bytes` is the value's own slice of the
 * body when the framing has one (an NDJSON line, a concatenated segment, a msgpack value); null when
 * it does not (an element of a parsed array), in which case its JSON text is used.
 */
export type FramedPiece =
  | { kind: 'value'; value: unknown; bytes: Buffer | null; context: string | null }
  | { kind: 'rejected'; part: QuarantinedPart };

export type FramedBody = { framing: Framing; pieces: FramedPiece[] };

export function valuePiece({ value, bytes, context }: { value: unknown; bytes: Buffer | null; context: string | null }): FramedPiece {
  return { kind: 'value', value, bytes, context };
}

export function rejectedPiece(part: QuarantinedPart): FramedPiece {
  return { kind: 'rejected', part };
}

/**
 * A top-level array inside a line or segment is a batch (two Fluent Bit chunks pasted together, a
 * Fluentd `json_array` chunk per line), so its elements are the values; anything else is one value.
 */
export function valuesOf({ value, bytes, context }: { value: unknown; bytes: Buffer; context: string }): FramedPiece[] {
  if (!Array.isArray(value)) return [valuePiece({ value, bytes, context })];
  return value.map((element: unknown, index) => valuePiece({ value: element, bytes: null, context: `${context}, element ${index}` }));
}
