import { Decompress } from 'fzstd';
import { UnreadableObjectError } from './unreadable-object-error.js';
import { ZstdFrameWalker } from './zstd-frame-walker.js';

/**
 * Streams zstd through fzstd (Node 20's zlib has no zstd), across any number of frames. The frame
 * walker vets each frame header first and cuts the input after every block, so each push decodes at
 * most one block and memory stays at one frame window plus one block. A failure of the source stream
 * itself propagates untouched; bad zstd data means the object is unreadable.
 */
export async function* unzstdChunks(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const walker = new ZstdFrameWalker();
  let output: Buffer[] = [];
  // Copied because fzstd may hand over a view of its window, which the next block overwrites.
  const decoder = new Decompress((data) => {
    if (data.length > 0) output.push(Buffer.from(data));
  });
  const decode = (piece: Uint8Array, final: boolean) => {
    try {
      decoder.push(piece, final);
    } catch (error) {
      throw new UnreadableObjectError({ reason: 'corrupt_compression', message: `zstd stream is corrupt: ${(error as Error).message}`, cause: error });
    }
  };
  for await (const chunk of input) {
    for (const piece of walker.split(chunk)) {
      decode(piece, false);
      if (output.length > 0) {
        const ready = output;
        output = [];
        yield* ready;
      }
    }
  }
  walker.finish();
  decode(new Uint8Array(0), true);
  yield* output;
}
