import { Decompress } from 'fzstd';
import { tooLarge } from './payload-too-large-error.js';
import { checkZstdFrames } from './zstd-frames.js';

/**
 * zstd through fzstd (Node 20's zlib has no zstd). The streaming decoder hands over one block (at most
 * 128 KiB) at a time, so throwing from the handler once the total passes the cap stops a bomb after at
 * most one block past the cap. The one-shot `decompress` would first inflate everything.
 */
export function inflateZstd({ data, maxBytes }: { data: Buffer; maxBytes: number }): Buffer {
  checkZstdFrames({ data, maxBytes });
  const chunks: Buffer[] = [];
  let total = 0;
  const stream = new Decompress((chunk) => {
    total += chunk.length;
    if (total > maxBytes) throw tooLarge({ limitBytes: maxBytes, what: 'the decompressed body' });
    // Copied because the decoder may reuse the memory behind `chunk` for the next block.
    chunks.push(Buffer.from(chunk));
  });
  stream.push(data, true);
  return Buffer.concat(chunks, total);
}
