import { uncompress } from 'snappyjs';
import { tooLarge } from './payload-too-large-error.js';

/**
 * Raw snappy block format, as Fluent Bit and Vector send it. The block starts with the uncompressed
 * length as a varint and snappyjs allocates that much before decoding, so the length is checked
 * against the cap first: a ten-byte body must not be able to claim gigabytes.
 */
export function inflateSnappy({ data, maxBytes }: { data: Buffer; maxBytes: number }): Buffer {
  const length = readUncompressedLength(data);
  if (length === null) throw new Error('invalid snappy length header');
  if (length > maxBytes) throw tooLarge({ limitBytes: maxBytes, what: 'the declared snappy length' });
  return uncompress(data, maxBytes);
}

/** Little-endian base-128 varint of at most 32 bits (five bytes), as in the snappy format description. */
export function readUncompressedLength(data: Uint8Array): number | null {
  let result = 0;
  for (let i = 0; i < 5 && i < data.length; i += 1) {
    const byte = data[i] ?? 0;
    result += (byte & 0x7f) * 2 ** (7 * i);
    if (byte < 0x80) return result <= 0xffffffff ? result : null;
  }
  return null;
}
