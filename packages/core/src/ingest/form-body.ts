import { contentEnd, contentStart, parseJson } from './body-bytes.js';
import { rejectedPiece, valuePiece, type FramedBody, type FramedPiece } from './framed-body.js';
import { wholeValueBody } from './json-framing.js';
import { lineValues, splitLines } from './ndjson-lines.js';

/**
 * The reader for `application/x-www-form-urlencoded` (teleport-wire.md §6, §7.2): users copy
 * Fluentd `in_http` examples and post `json=<object or array>` or `ndjson=<lines>`. Other fields
 * (in_http's `time=`) are ignored. A form without either field is quarantined whole. A form body
 * that is really JSON (`curl -d '{…}'` labels it a form) never gets here; see media-type.ts.
 */
export function frameFormBody(body: Buffer): FramedBody {
  if (contentStart(body) >= contentEnd(body)) return { framing: 'empty', pieces: [] };
  const fields = new URLSearchParams(body.toString('utf8'));
  const json = fields.getAll('json');
  const ndjson = fields.getAll('ndjson');
  if (json.length === 0 && ndjson.length === 0) {
    const part = { reason: 'body.invalid_form' as const, message: 'form has neither a json nor an ndjson field', bytes: body, context: null };
    return { framing: 'form', pieces: [rejectedPiece(part)] };
  }
  const pieces = [
    ...json.flatMap((text, index) => jsonFieldValues({ text, context: fieldContext({ name: 'json', index, count: json.length }) })),
    ...ndjson.flatMap((text, index) => ndjsonFieldValues({ text, context: fieldContext({ name: 'ndjson', index, count: ndjson.length }) })),
  ];
  return { framing: 'form', pieces };
}

function jsonFieldValues({ text, context }: { text: string; context: string }): FramedPiece[] {
  const bytes = Buffer.from(text.trim(), 'utf8');
  const parsed = parseJson(bytes);
  if (!parsed.ok) return [rejectedPiece({ reason: 'body.invalid_json', message: parsed.message, bytes, context })];
  return wholeValueBody({ value: parsed.value, content: bytes }).pieces.map((piece) => withContext({ piece, context }));
}

function ndjsonFieldValues({ text, context }: { text: string; context: string }): FramedPiece[] {
  return lineValues(splitLines(Buffer.from(text, 'utf8'))).map((piece) => withContext({ piece, context }));
}

/** `json field`, or `json field 2` when the form repeats the field. */
function fieldContext({ name, index, count }: { name: string; index: number; count: number }): string {
  return count > 1 ? `${name} field ${index + 1}` : `${name} field`;
}

function withContext({ piece, context }: { piece: FramedPiece; context: string }): FramedPiece {
  if (piece.kind === 'rejected') {
    const inner = piece.part.context;
    return rejectedPiece({ ...piece.part, context: inner ? `${context}, ${inner}` : context });
  }
  return valuePiece({ ...piece, context: piece.context ? `${context}, ${piece.context}` : context });
}
