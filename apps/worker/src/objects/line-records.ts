import { JsonStreamScanner } from './json-stream-scanner.js';
import { lineLocation, scannedValueItem } from './json-value-records.js';
import { splitLines, trimLine, type Line } from './line-splitter.js';
import { parseRecord, tooLargeItem, type ReadItem } from './read-item.js';

/** Room on a line beyond the record itself: CR, stray spaces, a Fluentd time and tag. */
export const LINE_SLACK_BYTES = 4 * 1024;

/**
 * NDJSON, read line by line so a broken line is reported alone and its neighbours survive. Blank
 * lines and CRLF are fine. A line that is not one JSON value may hold several (`{…}{…}`, Fluent
 * Bit's json_stream): those are split and judged one by one, if that recovers any record.
 */
export async function* ndjsonItems(chunks: AsyncIterable<Buffer>, { maxRecordBytes }: { maxRecordBytes: number }): AsyncGenerator<ReadItem[]> {
  for await (const lines of splitLines(chunks, { maxLineBytes: maxRecordBytes + LINE_SLACK_BYTES })) {
    const items: ReadItem[] = [];
    for (const line of lines) items.push(...lineItems({ line, maxRecordBytes }));
    yield items;
  }
}

function lineItems({ line, maxRecordBytes }: { line: Line; maxRecordBytes: number }): ReadItem[] {
  const location = `line ${line.number}`;
  if (line.oversize) return [tooLargeItem({ size: line.size, maxRecordBytes, location, bytes: line.bytes })];
  const text = trimLine(line.bytes);
  if (text.length === 0) return [];
  if (text.length > maxRecordBytes) return [tooLargeItem({ size: text.length, maxRecordBytes, location, bytes: text })];
  const whole = parseRecord({ text: text.toString('utf8'), bytes: () => text, location, containerTime: null, inferForwarder: true });
  if (whole.ok || whole.bad.reason !== 'body.invalid_json') return [whole];
  const scanner = new JsonStreamScanner({ maxValueBytes: maxRecordBytes, unwrapArrays: false });
  const values = [...scanner.push(text), ...scanner.end()];
  if (values.length <= 1) return [whole];
  const items = values.map((value) => scannedValueItem({ value, location: lineLocation(line.number, value), maxRecordBytes }));
  // Splitting only pays off when it recovers a record; otherwise (`not json`) the line is one bad line.
  return items.some((item) => item.ok) ? items : [whole];
}
