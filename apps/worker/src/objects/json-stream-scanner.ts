import { CappedBytes } from './capped-bytes.js';

export type ScannedValue = {
  /** the value's bytes; only the first BAD_RECORD_BYTES_CAP when `size` exceeds maxValueBytes */
  bytes: Buffer;
  size: number;
  /** false when the input ended inside the value */
  complete: boolean;
  /** 1-based line the value starts on, and its 1-based ordinal among the values starting on that line */
  line: number;
  ordinalOnLine: number;
  /** 0-based position among all values (array elements when unwrapping) */
  index: number;
};

const LF = 0x0a;
const QUOTE = 0x22;
const COMMA = 0x2c;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

const isWhitespace = (b: number) => b === 0x20 || b === LF || b === 0x0d || b === 0x09;
const endsBareToken = (b: number) =>
  isWhitespace(b) || b === COMMA || b === QUOTE || b === LBRACE || b === RBRACE || b === LBRACKET || b === RBRACKET;

/**
 * Splits a byte stream into top-level JSON values (`{…}{…}`, `{…}\n{…}`, pretty-printed objects) fed
 * chunk by chunk, without buffering more than the value in progress. Only brackets outside strings
 * count, and a backslash skips the next byte, so `"}{"` and `"\"}"` do not split. Commas between
 * values are separators. With `unwrapArrays`, a top-level `[` is entered and its elements come out
 * one by one, so a huge JSON array never has to be held whole. Values are not validated here: the
 * caller parses each and reports the ones that fail. A value over `maxValueBytes` stops being kept
 * (only its head is) but is still scanned to its end, so the next value starts in the right place.
 */
export class JsonStreamScanner {
  private readonly unwrapArrays: boolean;
  private readonly value: CappedBytes;
  private inValue = false;
  private inString = false;
  private escaped = false;
  private bare = false;
  private depth = 0;
  private inArray = false;
  private line = 1;
  private lastStartLine = 0;
  private ordinal = 0;
  private index = 0;

  constructor({ maxValueBytes, unwrapArrays }: { maxValueBytes: number; unwrapArrays: boolean }) {
    this.value = new CappedBytes({ maxBytes: maxValueBytes });
    this.unwrapArrays = unwrapArrays;
  }

  push(chunk: Buffer): ScannedValue[] {
    const out: ScannedValue[] = [];
    let start = this.inValue ? 0 : -1;
    for (let i = 0; i < chunk.length; i += 1) {
      const b = chunk[i] as number;
      if (!this.inValue) {
        if (b === LF) this.line += 1;
        if (isWhitespace(b) || b === COMMA) continue;
        if (this.unwrapArrays && !this.inArray && b === LBRACKET) {
          this.inArray = true;
          continue;
        }
        if (this.inArray && b === RBRACKET) {
          this.inArray = false;
          continue;
        }
        this.begin(b);
        start = i;
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === BACKSLASH) this.escaped = true;
        else if (b === QUOTE) {
          this.inString = false;
          if (this.depth === 0) {
            out.push(this.finish(chunk.subarray(start, i + 1), true));
            start = -1;
          }
        } else if (b === LF) this.line += 1;
        continue;
      }
      if (this.bare) {
        if (endsBareToken(b)) {
          out.push(this.finish(chunk.subarray(start, i), true));
          start = -1;
          i -= 1; // the delimiter belongs to what follows
        }
        continue;
      }
      if (b === QUOTE) this.inString = true;
      else if (b === LBRACE || b === LBRACKET) this.depth += 1;
      else if (b === RBRACE || b === RBRACKET) {
        this.depth -= 1;
        if (this.depth === 0) {
          out.push(this.finish(chunk.subarray(start, i + 1), true));
          start = -1;
        }
      } else if (b === LF) this.line += 1;
    }
    if (this.inValue && start >= 0) this.value.add(chunk.subarray(start));
    return out;
  }

  /** Call once the input has ended: a value still open is returned incomplete (a bare token is simply done). */
  end(): ScannedValue[] {
    if (!this.inValue) return [];
    return [this.finish(Buffer.alloc(0), this.bare)];
  }

  private begin(b: number): void {
    this.inValue = true;
    this.inString = b === QUOTE;
    this.escaped = false;
    this.depth = b === LBRACE || b === LBRACKET ? 1 : 0;
    this.bare = !this.inString && this.depth === 0;
    this.ordinal = this.line === this.lastStartLine ? this.ordinal + 1 : 1;
    this.lastStartLine = this.line;
  }

  private finish(last: Buffer, complete: boolean): ScannedValue {
    this.value.add(last);
    const { bytes, size } = this.value.take();
    const value = { bytes, size, complete, line: this.lastStartLine, ordinalOnLine: this.ordinal, index: this.index };
    this.index += 1;
    this.inValue = false;
    this.inString = false;
    this.bare = false;
    this.depth = 0;
    return value;
  }
}
