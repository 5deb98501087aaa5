import { planDecoding, type Coding } from './content-encoding.js';
import type { QuarantinedPart } from './decode-types.js';
import { PayloadTooLargeError, tooLarge } from './payload-too-large-error.js';
import { inflateSnappy } from './snappy-inflate.js';
import { gunzip, inflateDeflate } from './zlib-inflate.js';
import { inflateZstd } from './zstd-inflate.js';

export type DecompressResult = { ok: true; body: Buffer } | { ok: false; part: QuarantinedPart };

type Inflate = (args: { data: Buffer; maxBytes: number }) => Buffer;

const INFLATE: Readonly<Record<Coding, Inflate>> = {
  gzip: gunzip,
  deflate: inflateDeflate,
  zstd: inflateZstd,
  snappy: inflateSnappy,
};

/**
 * Undoes Content-Encoding (teleport-wire.md §7.2 step 1). Every layer is capped while it inflates and
 * throws PayloadTooLargeError past the cap. An unknown or corrupt encoding is not the sender's fault
 * to be punished with a 4xx (§7.4): the raw body is handed back as one quarantined part.
 */
export function decompressBody({ body, contentEncoding, maxBytes }: { body: Buffer; contentEncoding: string | undefined; maxBytes: number }): DecompressResult {
  const plan = planDecoding({ header: contentEncoding, body });
  if (!plan.ok) {
    return reject({ body, reason: 'body.unsupported_encoding', message: `unsupported Content-Encoding "${plan.unsupported}"` });
  }
  let data = body;
  for (const coding of plan.codings) {
    try {
      data = INFLATE[coding]({ data, maxBytes });
    } catch (error) {
      if (error instanceof PayloadTooLargeError) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      return reject({ body, reason: 'body.corrupt_compression', message: `${coding}: ${detail}` });
    }
  }
  if (data.length > maxBytes) throw tooLarge({ limitBytes: maxBytes, what: 'the body' });
  return { ok: true, body: data };
}

function reject({ body, reason, message }: { body: Buffer; reason: QuarantinedPart['reason']; message: string }): DecompressResult {
  return { ok: false, part: { reason, message, bytes: body, context: null } };
}
