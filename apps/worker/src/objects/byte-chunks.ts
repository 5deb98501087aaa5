/**
 * Decompressors get input in pieces of at most this size: zlib does not apply backpressure within
 * one written chunk, so this bounds what a single highly compressed piece can expand to at once.
 */
export const INPUT_PIECE_BYTES = 16 * 1024;

/** Normalizes whatever the source streams (Node stream, web-style iterable, strings) into Buffers. */
export async function* byteChunks(stream: NodeJS.ReadableStream | AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  for await (const chunk of stream as AsyncIterable<Uint8Array | string>) {
    if (typeof chunk === 'string') yield Buffer.from(chunk, 'utf8');
    else if (chunk.length > 0) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

export function* pieces(chunk: Buffer, size = INPUT_PIECE_BYTES): Generator<Buffer> {
  for (let start = 0; start < chunk.length; start += size) yield chunk.subarray(start, start + size);
}
