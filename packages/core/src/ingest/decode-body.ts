import type { DecodeInput, DecodeLimits, DecodeResult, DecodedRecord, QuarantinedPart } from './decode-types.js';
import { decompressBody } from './decompress.js';
import { frameBody } from './frame-body.js';
import { checkPiece } from './record-checks.js';

/**
 * Turns one ingest request body into Teleport records (teleport-wire.md §7.2), in three steps:
 * undo Content-Encoding (decompress.ts), split into values by media type and shape (frame-body.ts),
 * check each value as a record (record-checks.ts). Pure and synchronous.
 *
 * Never throws for bad content: everything that cannot be a record comes back in `quarantined`, so
 * the route can store the good records, quarantine the rest and still answer 200 (§7.4). The only
 * exception is PayloadTooLargeError, for a body that inflates past `maxDecompressedBytes` (413).
 */
export function decodeIngestBody(input: DecodeInput, limits: DecodeLimits): DecodeResult {
  const decompressed = decompressBody({ body: input.body, contentEncoding: input.contentEncoding, maxBytes: limits.maxDecompressedBytes });
  if (!decompressed.ok) return { records: [], quarantined: [decompressed.part], framing: 'empty', decompressedBytes: 0, inflated: false };

  const { framing, pieces } = frameBody({ body: decompressed.body, contentType: input.contentType });
  const records: DecodedRecord[] = [];
  const quarantined: QuarantinedPart[] = [];
  for (const piece of pieces) {
    const checked = checkPiece({ piece, limits, userAgent: input.userAgent });
    if (checked.ok) records.push(checked.decoded);
    else quarantined.push(checked.part);
  }
  return { records, quarantined, framing, decompressedBytes: decompressed.body.length, inflated: decompressed.body !== input.body };
}
