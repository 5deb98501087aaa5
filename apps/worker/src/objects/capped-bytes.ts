import { BAD_RECORD_BYTES_CAP } from './read-item.js';

export type Captured = { bytes: Buffer; size: number; oversize: boolean };

/**
 * Collects the pieces of one value or line as they stream past. Up to `maxBytes` everything is
 * kept; past it only the first BAD_RECORD_BYTES_CAP bytes are, for the bad record, while `size`
 * keeps counting. Memory stays at most max(maxBytes, BAD_RECORD_BYTES_CAP).
 */
export class CappedBytes {
  private readonly maxBytes: number;
  private parts: Buffer[] = [];
  private kept = 0;
  private size = 0;

  constructor({ maxBytes }: { maxBytes: number }) {
    this.maxBytes = maxBytes;
  }

  add(part: Buffer): void {
    if (part.length === 0) return;
    this.size += part.length;
    if (this.size <= this.maxBytes) {
      this.parts.push(part);
      this.kept += part.length;
      return;
    }
    if (this.kept > BAD_RECORD_BYTES_CAP) {
      this.parts = [Buffer.concat(this.parts, BAD_RECORD_BYTES_CAP)];
      this.kept = BAD_RECORD_BYTES_CAP;
    }
    const room = BAD_RECORD_BYTES_CAP - this.kept;
    if (room <= 0) return;
    const piece = part.subarray(0, room);
    this.parts.push(piece);
    this.kept += piece.length;
  }

  /** What was collected, and a fresh start for the next value. */
  take(): Captured {
    const oversize = this.size > this.maxBytes;
    const bytes = oversize ? Buffer.concat(this.parts, this.kept)
      : this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.kept);
    const captured = { bytes, size: this.size, oversize };
    this.parts = [];
    this.kept = 0;
    this.size = 0;
    return captured;
  }
}
