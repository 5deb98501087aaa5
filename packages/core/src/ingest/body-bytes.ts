/** Byte-level helpers shared by the text readers. JSON's structural characters are all ASCII, and no
 * byte of a multi-byte UTF-8 sequence is ASCII, so scanning bytes is safe and yields byte offsets. */

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

export function isJsonWhitespace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** Where the content starts: after a UTF-8 BOM (Windows tools add one) and leading whitespace. */
export function contentStart(body: Uint8Array): number {
  let pos = bomLength(body);
  while (pos < body.length && isJsonWhitespace(body[pos])) pos += 1;
  return pos;
}

export function bomLength(body: Uint8Array): number {
  return body[0] === UTF8_BOM[0] && body[1] === UTF8_BOM[1] && body[2] === UTF8_BOM[2] ? UTF8_BOM.length : 0;
}

/** Where the content ends, trailing whitespace excluded. */
export function contentEnd(body: Uint8Array): number {
  let end = body.length;
  while (end > 0 && isJsonWhitespace(body[end - 1])) end -= 1;
  return end;
}

export function firstContentByte(body: Uint8Array): number | undefined {
  return body[contentStart(body)];
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; message: string };

export function parseJson(bytes: Buffer): JsonParse {
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
