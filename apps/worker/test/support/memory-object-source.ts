import type { ObjectSource } from '../../src/objects/index.js';

export type SourceCalls = { slices: Array<{ start: number; end: number }>; streams: number };

/** An ObjectSource over bytes in memory that records how it was read; the stream yields `chunkSize` pieces. */
export function memoryObjectSource(bytes: Uint8Array, { chunkSize = 64 * 1024 }: { chunkSize?: number } = {}): ObjectSource & { calls: SourceCalls } {
  const calls: SourceCalls = { slices: [], streams: 0 };
  return {
    size: bytes.length,
    calls,
    async slice(start, end) {
      calls.slices.push({ start, end });
      const copy = new Uint8Array(end - start);
      copy.set(bytes.subarray(start, end));
      return copy.buffer;
    },
    async stream() {
      calls.streams += 1;
      return (async function* () {
        for (let at = 0; at < bytes.length; at += chunkSize) yield bytes.subarray(at, at + chunkSize);
      })();
    },
  };
}

/**
 * An ObjectSource whose content is produced on demand and never held whole: each stream() starts
 * `chunks` afresh, and a slice reads a fresh stream only as far as it needs (slices are only
 * meant for the sniffing read at the start).
 */
export function generatedObjectSource({ size, chunks }: { size: number; chunks: () => AsyncIterable<Uint8Array> }): ObjectSource {
  return {
    size,
    async slice(start, end) {
      const out = new Uint8Array(end - start);
      let at = 0;
      for await (const chunk of chunks()) {
        const from = Math.max(0, start - at);
        const to = Math.min(chunk.length, end - at);
        if (to > from) out.set(chunk.subarray(from, to), at + from - start);
        at += chunk.length;
        if (at >= end) break;
      }
      return out.buffer;
    },
    async stream() {
      return chunks();
    },
  };
}
