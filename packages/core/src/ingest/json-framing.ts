import { contentEnd, contentStart, parseJson } from './body-bytes.js';
import { rejectedPiece, valuePiece, valuesOf, type FramedBody, type FramedPiece } from './framed-body.js';
import { scanTopLevelValues } from './json-value-scanner.js';
import { lineValues, splitLines } from './ndjson-lines.js';

/**
 * The reader for `application/json`, `text/plain`, no type, or any other label (teleport-wire.md
 * §7.2 step 2). The body's own shape decides, in this order:
 *
 * 1. starts with `[`: one JSON array (Fluent Bit `json`, Vector, Fluentd `json_array`);
 * 2. one JSON value (the Event Handler: one object per POST);
 * 3. NDJSON, when every non-blank line parses (Fluent Bit `json_lines`, Vector newline_delimited,
 *    Fluentd's default, all sent as application/json);
 * 4. concatenated values, when every scanned value parses (Fluent Bit `json_stream`, `curl -d @file`);
 * 5. otherwise whichever of 3 and 4 salvages more values, quarantining the rest one by one (lines
 *    win a tie: a line number is easier to act on); if neither salvages anything the body is not
 *    JSON at all and is quarantined whole.
 */
export function frameJsonBody(body: Buffer): FramedBody {
  const start = contentStart(body);
  const end = contentEnd(body);
  if (start >= end) return { framing: 'empty', pieces: [] };
  const content = body.subarray(start, end);
  const whole = parseJson(content);
  if (whole.ok) return wholeValueBody({ value: whole.value, content });

  const lines = splitLines(body);
  const byLine = lines.length > 1 ? lineValues(lines) : [];
  if (byLine.length > 0 && countRejected(byLine) === 0) return { framing: 'ndjson', pieces: byLine };

  const spans = scanTopLevelValues({ body, start, end });
  const bySpan = spans.length > 1 ? spans.flatMap(({ start: at, end: to }) => segmentValues({ bytes: body.subarray(at, to), offset: at })) : [];
  if (bySpan.length > 0 && countRejected(bySpan) === 0) return { framing: 'concatenated', pieces: bySpan };

  const lineGood = byLine.length - countRejected(byLine);
  const spanGood = bySpan.length - countRejected(bySpan);
  if (lineGood === 0 && spanGood === 0) {
    const part = { reason: 'body.invalid_json' as const, message: whole.message, bytes: content, context: null };
    return { framing: content[0] === 0x5b ? 'array' : 'object', pieces: [rejectedPiece(part)] };
  }
  return lineGood >= spanGood ? { framing: 'ndjson', pieces: byLine } : { framing: 'concatenated', pieces: bySpan };
}

/** A body that is one JSON value: an array's elements are the values, anything else is one value. */
export function wholeValueBody({ value, content }: { value: unknown; content: Buffer }): FramedBody {
  if (!Array.isArray(value)) return { framing: 'object', pieces: [valuePiece({ value, bytes: content, context: null })] };
  return { framing: 'array', pieces: value.map((element: unknown, index) => valuePiece({ value: element, bytes: null, context: `element ${index}` })) };
}

export function countRejected(pieces: readonly FramedPiece[]): number {
  return pieces.filter((piece) => piece.kind === 'rejected').length;
}

function segmentValues({ bytes, offset }: { bytes: Buffer; offset: number }): FramedPiece[] {
  const context = `value at byte ${offset}`;
  const parsed = parseJson(bytes);
  if (parsed.ok) return valuesOf({ value: parsed.value, bytes, context });
  return [rejectedPiece({ reason: 'body.invalid_json', message: parsed.message, bytes, context })];
}
