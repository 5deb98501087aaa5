import { JsonStreamScanner } from './json-stream-scanner.js';
import { skipWhitespace } from './peek-text.js';

export type Container = 'parquet' | 'gzip' | 'zstd' | 'snappy-framed' | 'plain';

/** Enough leading bytes to tell the containers apart (the longest magic is framed snappy's 10). */
export const CONTAINER_SNIFF_BYTES = 16;

/** Sniff, never trust the key's extension or Content-Encoding (s3-ingest.md §3). */
export function sniffContainer(b: Uint8Array): Container {
  const starts = (...magic: number[]) => magic.every((x, i) => b[i] === x);
  if (starts(0x50, 0x41, 0x52, 0x31)) return 'parquet';
  if (starts(0x1f, 0x8b)) return 'gzip';
  if (starts(0x28, 0xb5, 0x2f, 0xfd)) return 'zstd';
  if (starts(0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59)) return 'snappy-framed';
  return 'plain';
}

/**
 * How the decompressed text is laid out, from its first lines:
 * - `ndjson` / `concatenated-json` are read line by line (`lineMode`) when the first line holds
 *   whole values, or when it does not but the next line starts a new object (NDJSON whose first
 *   line is broken): a broken line is then reported alone and its neighbours survive. Otherwise
 *   (pretty-printed objects, one huge line) the text is scanned as a stream of values.
 * - `json-array` elements are streamed; `fluentd-tsv` is `<time>\t<tag>\t<json>` lines.
 * Anything else is `unknown`: binary garbage or text that is none of these fails the object
 * rather than producing one bad record per line.
 */
export type TextLayout =
  | { format: 'empty' }
  | { format: 'json-array' }
  | { format: 'ndjson' | 'concatenated-json'; lineMode: boolean }
  | { format: 'fluentd-tsv' }
  | { format: 'unknown' };

const FLUENTD_LINE = /^\d{4}-\d{2}-\d{2}T[^\t]*\t[^\t]*\t\{/;

/** `head` and `ended` as peekText returns them. */
export function sniffText({ head, ended }: { head: Buffer; ended: boolean }): TextLayout {
  const first = skipWhitespace(head, 0);
  if (first === head.length) return ended ? { format: 'empty' } : { format: 'unknown' };
  const newline = head.indexOf(0x0a, first);
  const line = head.subarray(first, newline === -1 ? head.length : newline);
  const byte = head[first];
  if (byte === 0x5b) return { format: 'json-array' };
  if (byte === 0x7b) {
    const lineComplete = newline !== -1 || ended;
    const nextStartsObject = newline !== -1 && head[skipWhitespace(head, newline)] === 0x7b;
    return objectsLayout({ line, lineComplete, nextStartsObject });
  }
  if (FLUENTD_LINE.test(line.subarray(0, 4096).toString('latin1'))) return { format: 'fluentd-tsv' };
  return { format: 'unknown' };
}

function objectsLayout({ line, lineComplete, nextStartsObject }: { line: Buffer; lineComplete: boolean; nextStartsObject: boolean }): TextLayout {
  const scanner = new JsonStreamScanner({ maxValueBytes: Number.POSITIVE_INFINITY, unwrapArrays: false });
  const values = [...scanner.push(line), ...scanner.end()];
  const wholeValues = lineComplete && values.every((value) => value.complete);
  const lineMode = wholeValues || nextStartsObject;
  return { format: lineMode && values.length === 1 ? 'ndjson' : 'concatenated-json', lineMode };
}
