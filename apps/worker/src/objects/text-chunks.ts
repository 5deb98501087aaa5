import { byteChunks } from './byte-chunks.js';
import { gunzipChunks } from './gunzip-chunks.js';
import type { ObjectSource } from './object-source.js';
import { unzstdChunks } from './zstd-chunks.js';

/** The object's decompressed bytes as a stream of chunks. */
export async function textChunks({ source, container }: { source: ObjectSource; container: 'gzip' | 'zstd' | 'plain' }): Promise<AsyncGenerator<Buffer>> {
  const raw = byteChunks(await source.stream());
  if (container === 'gzip') return gunzipChunks(raw);
  if (container === 'zstd') return unzstdChunks(raw);
  return raw;
}
