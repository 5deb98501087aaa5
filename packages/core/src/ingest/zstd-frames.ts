import { tooLarge } from './payload-too-large-error.js';

const ZSTD_MAGIC = 0xfd2fb528;
/** Skippable frames use magics 0x184D2A50–0x184D2A5F (RFC 8878 §3.1.2). */
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const DICT_ID_BYTES = [0, 1, 2, 4] as const;

export class ZstdFormatError extends Error {
  override name = 'ZstdFormatError';
}

/**
 * Walks every frame header (RFC 8878 §3.1.1) before anything is decoded. fzstd allocates each frame's
 * window up front, sized by the header (up to 2 GiB), so a few hostile header bytes could allocate
 * far more than the cap before a single byte is produced. Refusing a frame whose declared content or
 * window exceeds the cap keeps memory bounded; the streaming cap in zstd-inflate.ts covers the rest.
 */
export function checkZstdFrames({ data, maxBytes }: { data: Uint8Array; maxBytes: number }): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let pos = 0;
  let declaredTotal = 0;
  while (pos < data.length) {
    need({ data, pos, bytes: 4 });
    const magic = view.getUint32(pos, true);
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      need({ data, pos, bytes: 8 });
      pos += 8 + view.getUint32(pos + 4, true);
      continue;
    }
    if (magic !== ZSTD_MAGIC) throw new ZstdFormatError(`unknown zstd frame magic at byte ${pos}`);
    const header = readFrameHeader({ data, view, pos: pos + 4 });
    if (header.windowSize > maxBytes) throw tooLarge({ limitBytes: maxBytes, what: 'the zstd window size' });
    declaredTotal += header.contentSize ?? 0;
    if (declaredTotal > maxBytes) throw tooLarge({ limitBytes: maxBytes, what: 'the declared zstd content size' });
    pos = skipBlocks({ data, pos: header.end }) + (header.checksum ? 4 : 0);
    if (pos > data.length) throw new ZstdFormatError('truncated zstd frame checksum');
  }
}

type FrameHeader = { end: number; windowSize: number; contentSize: number | null; checksum: boolean };

function readFrameHeader({ data, view, pos }: { data: Uint8Array; view: DataView; pos: number }): FrameHeader {
  need({ data, pos, bytes: 1 });
  const descriptor = data[pos] ?? 0;
  const fcsFlag = descriptor >> 6;
  const singleSegment = ((descriptor >> 5) & 1) === 1;
  if ((descriptor & 0x08) !== 0) throw new ZstdFormatError('reserved zstd frame header bit is set');
  const dictBytes = DICT_ID_BYTES[descriptor & 3] ?? 0;
  const fcsBytes = fcsFlag === 0 ? (singleSegment ? 1 : 0) : 1 << fcsFlag;
  let at = pos + 1;
  let windowSize = 0;
  if (!singleSegment) {
    need({ data, pos: at, bytes: 1 });
    const wd = data[at] ?? 0;
    const base = 2 ** (10 + (wd >> 3));
    windowSize = base + (base / 8) * (wd & 7);
    at += 1;
  }
  at += dictBytes;
  need({ data, pos: at, bytes: fcsBytes });
  const contentSize = fcsBytes === 0 ? null : readLittleEndian({ view, pos: at, bytes: fcsBytes }) + (fcsBytes === 2 ? 256 : 0);
  // A single-segment frame's window is its whole content (RFC 8878 §3.1.1.1.2).
  if (singleSegment) windowSize = contentSize ?? 0;
  return { end: at + fcsBytes, windowSize, contentSize, checksum: ((descriptor >> 2) & 1) === 1 };
}

/** Block headers are 3 bytes: last flag, type (raw, RLE, compressed, reserved) and size. */
function skipBlocks({ data, pos }: { data: Uint8Array; pos: number }): number {
  for (;;) {
    need({ data, pos, bytes: 3 });
    const header = (data[pos] ?? 0) | ((data[pos + 1] ?? 0) << 8) | ((data[pos + 2] ?? 0) << 16);
    const last = (header & 1) === 1;
    const type = (header >> 1) & 3;
    const size = header >>> 3;
    if (type === 3) throw new ZstdFormatError(`reserved zstd block type at byte ${pos}`);
    // An RLE block stores one byte however many it regenerates.
    pos += 3 + (type === 1 ? 1 : size);
    if (pos > data.length) throw new ZstdFormatError('truncated zstd block');
    if (last) return pos;
  }
}

function readLittleEndian({ view, pos, bytes }: { view: DataView; pos: number; bytes: number }): number {
  if (bytes === 1) return view.getUint8(pos);
  if (bytes === 2) return view.getUint16(pos, true);
  if (bytes === 4) return view.getUint32(pos, true);
  // 8-byte sizes beyond 2^53 lose precision, which only matters for values far above any cap.
  return view.getUint32(pos, true) + view.getUint32(pos + 4, true) * 2 ** 32;
}

function need({ data, pos, bytes }: { data: Uint8Array; pos: number; bytes: number }): void {
  if (pos + bytes > data.length) throw new ZstdFormatError('truncated zstd frame header');
}
