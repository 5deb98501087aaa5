/** How much text sniffing may hold: enough for any first lines worth classifying by. */
export const PEEK_BYTES = 1024 * 1024;
const BOM = [0xef, 0xbb, 0xbf];

export type PeekedText = {
  /**
   * The start of the text, UTF-8 BOM removed: through its first non-blank line and the first
   * non-blank byte after it, or PEEK_BYTES, or the whole text.
   */
  head: Buffer;
  /** the text ended within `head` */
  ended: boolean;
  /** the whole text again (head first), BOM removed */
  chunks: AsyncGenerator<Buffer>;
};

/** Reads just enough of the text to classify it, then hands back a stream that replays it. */
export async function peekText(chunks: AsyncGenerator<Buffer>): Promise<PeekedText> {
  const parts: Buffer[] = [];
  let length = 0;
  let ended = false;
  let sawNewline = false;
  for (;;) {
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      break;
    }
    parts.push(next.value);
    length += next.value.length;
    if (length >= PEEK_BYTES) break;
    // Nothing can be decided before the first newline; checking only after one keeps this cheap.
    sawNewline ||= next.value.includes(0x0a);
    if (sawNewline && seesPastFirstLine(stripBom(Buffer.concat(parts, length)))) break;
  }
  const head = stripBom(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, length));
  return { head, ended, chunks: replay({ head, rest: chunks, ended }) };
}

/** True once `text` holds a complete non-blank line and the first non-blank byte after it. */
function seesPastFirstLine(text: Buffer): boolean {
  const first = skipWhitespace(text, 0);
  const newline = text.indexOf(0x0a, first);
  return first < text.length && newline !== -1 && skipWhitespace(text, newline) < text.length;
}

export function skipWhitespace(text: Buffer, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === 0x20 || text[i] === 0x0a || text[i] === 0x0d || text[i] === 0x09)) i += 1;
  return i;
}

async function* replay({ head, rest, ended }: { head: Buffer; rest: AsyncGenerator<Buffer>; ended: boolean }): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  if (!ended) yield* rest;
}

function stripBom(b: Buffer): Buffer {
  return b[0] === BOM[0] && b[1] === BOM[1] && b[2] === BOM[2] ? b.subarray(3) : b;
}
