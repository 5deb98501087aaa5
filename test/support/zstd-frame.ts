/**
 * A zstd frame (RFC 8878 §3.1.1) made of raw (stored) blocks: Node 20 cannot compress zstd and fzstd
 * only decompresses, but a stored-block frame is a valid frame every decoder must read. Single-segment,
 * 4-byte content size, no checksum, no dictionary.
 */
export function zstdStoredFrame(content: Buffer): Buffer {
  const BLOCK_MAX = 128 * 1024;
  const header = Buffer.alloc(9);
  header.writeUInt32LE(0xfd2fb528, 0);
  header[4] = (2 << 6) | (1 << 5); // FCS field 4 bytes, single segment
  header.writeUInt32LE(content.length, 5);
  const blocks: Buffer[] = [];
  let offset = 0;
  do {
    const size = Math.min(BLOCK_MAX, content.length - offset);
    const last = offset + size >= content.length ? 1 : 0;
    const blockHeader = Buffer.alloc(3);
    blockHeader.writeUIntLE((size << 3) | (0 << 1) | last, 0, 3); // type 0: raw
    blocks.push(blockHeader, content.subarray(offset, offset + size));
    offset += size;
  } while (offset < content.length);
  return Buffer.concat([header, ...blocks]);
}
