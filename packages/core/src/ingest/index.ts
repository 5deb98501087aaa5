export { decodeIngestBody } from './decode-body.js';
export { PayloadTooLargeError } from './payload-too-large-error.js';
export { forwarderKeysFor } from './forwarder-keys.js';
export type { DecodeInput, DecodeLimits, DecodeResult, DecodedRecord, Framing, QuarantinedPart, RejectReason } from './decode-types.js';
export { findUnstorable, MAX_RECORD_DEPTH, type Unstorable, type UnstorableReason } from './storable-value.js';
export { jsonText } from './json-text.js';
