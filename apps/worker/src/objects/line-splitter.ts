import { CappedBytes } from './capped-bytes.js';

/**
 * One line, `\n` excluded (a `\r` before it is trimmed by the caller with the other whitespace).
 * A line longer than the cap is not kept: only its size and first BAD_RECORD_BYTES_CAP bytes are.
 */
export type Line = { number: number; bytes: Buffer; size: number; oversize: boolean };

/**
 * Splits streamed text into 1-based numbered lines, one array per input chunk. A missing final
 * newline still yields the last line. Memory stays at one line, at most `maxLineBytes`.
 */
export async function* splitLines(chunks: AsyncIterable<Buffer>, { maxLineBytes }: { maxLineBytes: number }): AsyncGenerator<Line[]> {
  const line = new CappedBytes({ maxBytes: maxLineBytes });
  let pending = false;
  let number = 1;
  const append = (part: Buffer) => {
    line.add(part);
    pending = true;
  };
  const take = (): Line => {
    const { bytes, size, oversize } = line.take();
    pending = false;
    return { number: number++, bytes, size, oversize };
  };
  for await (const chunk of chunks) {
    const lines: Line[] = [];
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      if (newline === -1) {
        if (start < chunk.length) append(chunk.subarray(start));
        break;
      }
      append(chunk.subarray(start, newline));
      lines.push(take());
      start = newline + 1;
    }
    if (lines.length > 0) yield lines;
  }
  if (pending) yield [take()];
}

/** The line without surrounding JSON whitespace (spaces, tabs, the `\r` of CRLF). */
export function trimLine(bytes: Buffer): Buffer {
  let start = 0;
  let end = bytes.length;
  while (start < end && isWhitespace(bytes[start] as number)) start += 1;
  while (end > start && isWhitespace(bytes[end - 1] as number)) end -= 1;
  return bytes.subarray(start, end);
}

function isWhitespace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}
