import type { UnstorableReason } from './storable-value.js';

/**
 * The contract of `decodeIngestBody` (teleport-wire.md §7.2, §7.4). Decoding never answers with an
 * error for bad content: whatever cannot become a record is returned as a quarantined part, because
 * any non-200 makes the Event Handler resend forever and makes forwarders drop data.
 */
export type DecodeLimits = {
  /** cap on the body after every Content-Encoding is undone (§7.5: at least 10 MB, 32 MiB recommended) */
  maxDecompressedBytes: number;
  /** cap on one record's compact JSON serialization (§7.5: 2 MiB) */
  maxRecordBytes: number;
};

export type DecodeInput = {
  body: Buffer;
  contentEncoding?: string | undefined;
  contentType?: string | undefined;
  userAgent?: string | undefined;
};

export type DecodedRecord = {
  /** the record exactly as sent (after unwrapping a `log`/`message` envelope, see record-checks.ts) */
  record: Record<string, unknown>;
  /** keys of `record` that a forwarder added; normalization and hashing ignore them */
  forwarderKeys: string[];
};

export type RejectReason =
  | 'body.unsupported_encoding'
  | 'body.corrupt_compression'
  | 'body.invalid_json'
  | 'body.invalid_msgpack'
  | 'body.invalid_form'
  | 'record.not_object'
  | 'record.too_large'
  | UnstorableReason;

export type QuarantinedPart = {
  reason: RejectReason;
  message: string;
  /** the failing part, decompressed when decompression worked, else the raw body */
  bytes: Buffer;
  /** where the part sat: `line 3` (1-based), `element 7` (0-based array index), `value at byte 120`; null for the whole body */
  context: string | null;
};

/**
 * How the body was read. `empty` also covers bodies that could not be decompressed (nothing was
 * framed); `object` also covers a body that was not JSON at all and was quarantined whole.
 */
export type Framing = 'empty' | 'object' | 'array' | 'ndjson' | 'concatenated' | 'form' | 'msgpack';

export type DecodeResult = {
  records: DecodedRecord[];
  quarantined: QuarantinedPart[];
  framing: Framing;
  /** size after decompression; 0 when decompression failed */
  decompressedBytes: number;
  /** whether a Content-Encoding was undone, i.e. the decompressed body is a second buffer beside the one sent */
  inflated: boolean;
};
