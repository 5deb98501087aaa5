export { decodeIngestBody } from './decode-body.js';
export { PayloadTooLargeError } from './payload-too-large-error.js';
export { forwarderKeysFor } from './forwarder-keys.js';
export type { DecodeInput, DecodeLimits, DecodeResult, DecodedRecord, Framing, QuarantinedPart, RejectReason } from './decode-types.js';
