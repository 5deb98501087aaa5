import { UnreadableObjectError } from './unreadable-object-error.js';

const ZSTD_MAGIC = 0xfd2fb528;
/** Skippable frames use magics 0x184D2A50–0x184D2A5F (RFC 8878 §3.1.2). */
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const DICT_ID_BYTES = [0, 1, 2, 4] as const;
const MAX_BLOCK_BYTES = 128 * 1024;

/**
 * libzstd's default decoder limit (ZSTD_WINDOWLOG_LIMIT_DEFAULT = 27). fzstd allocates each frame's
 * whole window up front, sized by the header (up to 2 GiB), so a frame declaring more is refused
 * before a byte of it reaches the decoder. Ordinary producers stay far below (8 MiB at level 19).
 */
export const ZSTD_MAX_WINDOW_BYTES = 128 * 1024 * 1024;

type State = 'magic' | 'skippable-size' | 'frame-header' | 'block-header' | 'skip';

/**
 * Follows zstd frames (RFC 8878 §3.1.1) as their bytes stream past, without decoding: it checks each
 * frame header before the decoder allocates for it, and cuts the input right after every block so a
 * caller feeding the pieces to a decoder one at a time gets at most one block (≤ 128 KiB) of output
 * per piece, even for a block that expands hugely (RLE).
 */
export class ZstdFrameWalker {
  private state: State = 'magic';
  private header: number[] = [];
  private need = 4;
  private skip = 0;
  private afterSkip: State = 'magic';
  private cutAfterSkip = false;
  private checksum = false;
  private offset = 0;

  split(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let pieceStart = 0;
    let i = 0;
    const settle = () => {
      if (this.state !== 'skip' || this.skip > 0) return;
      if (this.cutAfterSkip && i > pieceStart) {
        out.push(chunk.subarray(pieceStart, i));
        pieceStart = i;
      }
      this.enter(this.afterSkip);
    };
    while (i < chunk.length) {
      if (this.state === 'skip') {
        const n = Math.min(this.skip, chunk.length - i);
        i += n;
        this.skip -= n;
      } else {
        this.header.push(chunk[i] as number);
        i += 1;
        if (this.header.length === this.need) this.onHeader();
      }
      settle();
    }
    if (pieceStart < chunk.length) out.push(chunk.subarray(pieceStart));
    this.offset += chunk.length;
    return out;
  }

  /** The input has ended: anything but a frame boundary means the object was truncated. */
  finish(): void {
    if (this.state !== 'magic' || this.header.length > 0) throw corrupt(`zstd stream is truncated (ended inside a ${this.state})`);
  }

  private enter(state: State): void {
    this.state = state;
    this.header = [];
    this.need = state === 'magic' ? 4 : state === 'block-header' ? 3 : this.need;
  }

  private onHeader(): void {
    const h = this.header;
    if (this.state === 'magic') {
      const magic = littleEndian(h, 0, 4);
      if (magic === ZSTD_MAGIC) {
        this.state = 'frame-header';
        this.need = 5;
      } else if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
        this.state = 'skippable-size';
        this.need = 8;
      } else throw corrupt(`not a zstd frame near byte ${this.offset}`);
    } else if (this.state === 'skippable-size') {
      this.skipThen({ bytes: littleEndian(h, 4, 4), next: 'magic', cut: false });
    } else if (this.state === 'frame-header') {
      this.onFrameHeader();
    } else if (this.state === 'block-header') {
      this.onBlockHeader();
    }
  }

  private onFrameHeader(): void {
    const descriptor = this.header[4] as number;
    const singleSegment = ((descriptor >> 5) & 1) === 1;
    const fcsFlag = descriptor >> 6;
    const fcsBytes = fcsFlag === 0 ? (singleSegment ? 1 : 0) : 1 << fcsFlag;
    const total = 5 + (singleSegment ? 0 : 1) + (DICT_ID_BYTES[descriptor & 3] ?? 0) + fcsBytes;
    if (this.header.length < total) {
      this.need = total;
      return;
    }
    if ((descriptor & 0x08) !== 0) throw corrupt('reserved zstd frame header bit is set');
    let window: number;
    if (singleSegment) {
      // A single-segment frame's window is its whole content (RFC 8878 §3.1.1.1.2).
      window = littleEndian(this.header, total - fcsBytes, fcsBytes) + (fcsBytes === 2 ? 256 : 0);
    } else {
      const wd = this.header[5] as number;
      const base = 2 ** (10 + (wd >> 3));
      window = base + (base / 8) * (wd & 7);
    }
    if (window > ZSTD_MAX_WINDOW_BYTES) {
      throw new UnreadableObjectError({ reason: 'too_large', message: `zstd frame needs a ${window}-byte window, over the ${ZSTD_MAX_WINDOW_BYTES}-byte limit` });
    }
    this.checksum = ((descriptor >> 2) & 1) === 1;
    this.enter('block-header');
  }

  private onBlockHeader(): void {
    const header = littleEndian(this.header, 0, 3);
    const last = (header & 1) === 1;
    const type = (header >> 1) & 3;
    const size = header >>> 3;
    if (type === 3) throw corrupt('reserved zstd block type');
    if (size > MAX_BLOCK_BYTES) throw corrupt(`zstd block of ${size} bytes is over the 128 KiB maximum`);
    // An RLE block stores one byte however many it regenerates; the last block is followed by the
    // optional 4-byte content checksum.
    const content = (type === 1 ? 1 : size) + (last && this.checksum ? 4 : 0);
    this.skipThen({ bytes: content, next: last ? 'magic' : 'block-header', cut: true });
  }

  private skipThen({ bytes, next, cut }: { bytes: number; next: State; cut: boolean }): void {
    this.state = 'skip';
    this.skip = bytes;
    this.afterSkip = next;
    this.cutAfterSkip = cut;
  }
}

function littleEndian(bytes: number[], at: number, length: number): number {
  let value = 0;
  for (let i = length - 1; i >= 0; i -= 1) value = value * 256 + (bytes[at + i] ?? 0);
  return value;
}

function corrupt(message: string): UnreadableObjectError {
  return new UnreadableObjectError({ reason: 'corrupt_compression', message });
}
