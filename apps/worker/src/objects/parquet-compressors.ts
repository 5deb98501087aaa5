import { gunzipSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import type { Compressors } from 'hyparquet';

/**
 * hyparquet reads Snappy (what Teleport writes) on its own. These cover Parquet from other
 * producers that reach the same bucket (e.g. Vector), decompressing one page at a time into a
 * buffer of the size the page header declares.
 */
export const parquetCompressors: Compressors = {
  ZSTD: (input, outputLength) => zstdDecompress(input, new Uint8Array(outputLength)),
  GZIP: (input) => new Uint8Array(gunzipSync(input)),
};
