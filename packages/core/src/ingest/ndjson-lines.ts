import { bomLength, isJsonWhitespace, parseJson } from './body-bytes.js';
import { rejectedPiece, valuesOf, type FramedPiece } from './framed-body.js';

export type BodyLine = { number: number; bytes: Buffer };

/**
 * Non-blank lines with their 1-based numbers. Split on `\n` only and trim the `\r` of Windows
 * Fluentd (`\r\n`); blank lines, including the final newline, are skipped.
 */
export function splitLines(body: Buffer): BodyLine[] {
  const lines: BodyLine[] = [];
  // Only the BOM is skipped up front (not leading blank lines), so line numbers match an editor's.
  let start = bomLength(body);
  let number = 1;
  while (start <= body.length) {
    const newline = body.indexOf(0x0a, start);
    const end = newline === -1 ? body.length : newline;
    const line = trimLine(body.subarray(start, end));
    if (line.length > 0) lines.push({ number, bytes: line });
    if (newline === -1) break;
    start = newline + 1;
    number += 1;
  }
  return lines;
}

/** Each line read on its own: a bad line is quarantined alone and its neighbours are kept. */
export function lineValues(lines: readonly BodyLine[]): FramedPiece[] {
  return lines.flatMap(({ number, bytes }) => {
    const context = `line ${number}`;
    const parsed = parseJson(bytes);
    if (parsed.ok) return valuesOf({ value: parsed.value, bytes, context });
    return [rejectedPiece({ reason: 'body.invalid_json', message: parsed.message, bytes, context })];
  });
}

function trimLine(line: Buffer): Buffer {
  let start = 0;
  let end = line.length;
  while (start < end && isJsonWhitespace(line[start])) start += 1;
  while (end > start && isJsonWhitespace(line[end - 1])) end -= 1;
  return line.subarray(start, end);
}
