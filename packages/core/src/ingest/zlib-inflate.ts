import zlib from 'node:zlib';
import { PayloadTooLargeError, tooLarge } from './payload-too-large-error.js';

/**
 * gzip and deflate through Node's zlib. `maxOutputLength` makes zlib stop as soon as the output passes
 * the cap, so a bomb costs at most the cap in memory and milliseconds in time, never its full size.
 * gunzip also reads multi-member files (concatenated gzip members), which `gzip -c a b` and some
 * forwarders produce.
 */
export function gunzip({ data, maxBytes }: { data: Buffer; maxBytes: number }): Buffer {
  return capped({ maxBytes, run: () => zlib.gunzipSync(data, { maxOutputLength: maxBytes }) });
}

/**
 * HTTP `deflate` means zlib-wrapped (RFC 9110 §8.4.1.2), and Vector sends exactly that; some clients
 * send raw deflate under the same name, so data zlib refuses is retried as raw. When both fail, the
 * zlib error is the one reported, since zlib is what the header promised.
 */
export function inflateDeflate({ data, maxBytes }: { data: Buffer; maxBytes: number }): Buffer {
  try {
    return capped({ maxBytes, run: () => zlib.inflateSync(data, { maxOutputLength: maxBytes }) });
  } catch (zlibError) {
    if (zlibError instanceof PayloadTooLargeError) throw zlibError;
    try {
      return capped({ maxBytes, run: () => zlib.inflateRawSync(data, { maxOutputLength: maxBytes }) });
    } catch (rawError) {
      throw rawError instanceof PayloadTooLargeError ? rawError : zlibError;
    }
  }
}

function capped({ maxBytes, run }: { maxBytes: number; run: () => Buffer }): Buffer {
  try {
    return run();
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge({ limitBytes: maxBytes, what: 'the decompressed body' });
    }
    throw error;
  }
}
