import { LINE_SLACK_BYTES } from './line-records.js';
import { splitLines, trimLine, type Line } from './line-splitter.js';
import { badItem, parseRecord, tooLargeItem, type ReadItem } from './read-item.js';

const TAB = 0x09;

/**
 * Fluentd out_file lines, `<time>\t<tag>\t<json>` (fluent-plugin-s3's default formatter). The
 * Event Handler's Fluentd config moves `time` out of the record, so the time column may be the only
 * time left: it becomes `containerTime` on every line, and normalization prefers the record's own.
 */
export async function* fluentdTsvItems(chunks: AsyncIterable<Buffer>, { maxRecordBytes }: { maxRecordBytes: number }): AsyncGenerator<ReadItem[]> {
  for await (const lines of splitLines(chunks, { maxLineBytes: maxRecordBytes + LINE_SLACK_BYTES })) {
    const items: ReadItem[] = [];
    for (const line of lines) {
      const item = tsvLineItem({ line, maxRecordBytes });
      if (item) items.push(item);
    }
    yield items;
  }
}

function tsvLineItem({ line, maxRecordBytes }: { line: Line; maxRecordBytes: number }): ReadItem | null {
  const location = `line ${line.number}`;
  if (line.oversize) return tooLargeItem({ size: line.size, maxRecordBytes, location, bytes: line.bytes });
  const text = trimLine(line.bytes);
  if (text.length === 0) return null;
  const timeEnd = text.indexOf(TAB);
  const tagEnd = timeEnd === -1 ? -1 : text.indexOf(TAB, timeEnd + 1);
  if (tagEnd === -1) return badItem({ reason: 'body.invalid_line', message: 'expected <time>\\t<tag>\\t<json>', location, bytes: text });
  const json = trimLine(text.subarray(tagEnd + 1));
  if (json.length > maxRecordBytes) return tooLargeItem({ size: json.length, maxRecordBytes, location, bytes: json });
  const containerTime = parseFluentdTime(text.toString('latin1', 0, timeEnd));
  return parseRecord({ text: json.toString('utf8'), bytes: () => text, location, containerTime, inferForwarder: true });
}

/**
 * Fluentd's default time format is `%Y-%m-%dT%H:%M:%S%z`, whose `+0000` lacks the colon ISO 8601
 * parsers expect. A time without any zone is taken as UTC rather than as the worker's local time.
 * An unparseable time gives null: the record is still good, it just has no container time.
 */
export function parseFluentdTime(text: string): Date | null {
  let iso = text.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  if (!/(?:Z|[+-]\d{2}:\d{2})$/i.test(iso)) iso += 'Z';
  const millis = Date.parse(iso);
  return Number.isNaN(millis) ? null : new Date(millis);
}
