import { isJsonWhitespace } from './body-bytes.js';

export type ValueSpan = { start: number; end: number };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPENERS = new Set([0x7b, 0x5b]); // { [
const CLOSERS = new Set([0x7d, 0x5d]); // } ]

/**
 * Splits concatenated top-level JSON values (`{…}{…}`, `{…} {…}`, `{…}\n{…}`): Fluent Bit's
 * `json_stream`, `curl -d @file` (which strips newlines) and mislabelled NDJSON. Only brackets outside
 * strings count, and a backslash skips the next byte, so `"}{"` and `"\"}"` inside strings do not
 * split. Spans are not validated here: a span that does not parse is quarantined alone by the caller.
 * Top-level commas are separators, so a bracket-less batch `{…},{…}` also splits cleanly.
 */
export function scanTopLevelValues({ body, start, end }: { body: Uint8Array; start: number; end: number }): ValueSpan[] {
  const spans: ValueSpan[] = [];
  let pos = start;
  while (pos < end) {
    const byte = body[pos];
    if (isJsonWhitespace(byte) || byte === COMMA) {
      pos += 1;
      continue;
    }
    const valueEnd = byte !== undefined && OPENERS.has(byte) ? containerEnd({ body, pos, end })
      : byte === QUOTE ? stringEnd({ body, pos, end })
        : bareTokenEnd({ body, pos, end });
    spans.push({ start: pos, end: valueEnd });
    pos = valueEnd;
  }
  return spans;
}

/** End of a bracketed value; an unterminated one runs to the end of the body. */
function containerEnd({ body, pos, end }: { body: Uint8Array; pos: number; end: number }): number {
  let depth = 0;
  while (pos < end) {
    const byte = body[pos] ?? 0;
    if (byte === QUOTE) {
      pos = stringEnd({ body, pos, end });
      continue;
    }
    if (OPENERS.has(byte)) depth += 1;
    else if (CLOSERS.has(byte)) {
      depth -= 1;
      if (depth === 0) return pos + 1;
    }
    pos += 1;
  }
  return end;
}

/** `pos` is the opening quote; returns the index after the closing quote (or the end when unterminated). */
function stringEnd({ body, pos, end }: { body: Uint8Array; pos: number; end: number }): number {
  pos += 1;
  while (pos < end) {
    const byte = body[pos];
    if (byte === BACKSLASH) pos += 2;
    else if (byte === QUOTE) return pos + 1;
    else pos += 1;
  }
  return end;
}

/** Numbers, literals and stray text run until whitespace or the start of another value. */
function bareTokenEnd({ body, pos, end }: { body: Uint8Array; pos: number; end: number }): number {
  pos += 1;
  while (pos < end) {
    const byte = body[pos];
    if (byte === undefined || isJsonWhitespace(byte) || byte === COMMA || byte === QUOTE || OPENERS.has(byte)) break;
    pos += 1;
  }
  return pos;
}
