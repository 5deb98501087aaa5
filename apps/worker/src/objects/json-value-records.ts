import { JsonStreamScanner, type ScannedValue } from './json-stream-scanner.js';
import { badItem, parseRecord, tooLargeItem, type ReadItem } from './read-item.js';

/**
 * Records from a stream of JSON values: concatenated or pretty-printed objects, or (`unwrapArrays`)
 * the elements of a JSON array, read without ever holding more than one value.
 */
export async function* jsonValueItems(chunks: AsyncIterable<Buffer>, { maxRecordBytes, unwrapArrays }: { maxRecordBytes: number; unwrapArrays: boolean }): AsyncGenerator<ReadItem[]> {
  const scanner = new JsonStreamScanner({ maxValueBytes: maxRecordBytes, unwrapArrays });
  const locate = unwrapArrays ? (value: ScannedValue) => `element ${value.index}` : (value: ScannedValue) => lineLocation(value.line, value);
  const toItems = (values: ScannedValue[]) => values.map((value) => scannedValueItem({ value, location: locate(value), maxRecordBytes }));
  for await (const chunk of chunks) {
    const values = scanner.push(chunk);
    if (values.length > 0) yield toItems(values);
  }
  const tail = scanner.end();
  if (tail.length > 0) yield toItems(tail);
}

export function scannedValueItem({ value, location, maxRecordBytes }: { value: ScannedValue; location: string; maxRecordBytes: number }): ReadItem {
  if (value.size > maxRecordBytes) return tooLargeItem({ size: value.size, maxRecordBytes, location, bytes: value.bytes });
  if (!value.complete) {
    return badItem({ reason: 'body.invalid_json', message: 'unterminated JSON value: the object ends inside it', location, bytes: value.bytes });
  }
  return parseRecord({ text: value.bytes.toString('utf8'), bytes: () => value.bytes, location, containerTime: null, inferForwarder: true });
}

/** `line N` for the first value starting on a line, `line N value K` for the K-th. */
export function lineLocation(line: number, { ordinalOnLine }: { ordinalOnLine: number }): string {
  return ordinalOnLine === 1 ? `line ${line}` : `line ${line} value ${ordinalOnLine}`;
}
