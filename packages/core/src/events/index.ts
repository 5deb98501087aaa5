export { normalizeEvent, type NormalizeFailureReason, type NormalizeResult } from './normalize-event.js';
export { isStorableInstant, parseEventTime, type EventTime, type EventTimeRejection } from './event-time.js';
export { parseAddress, type AddressIssue, type ParsedAddress } from './address.js';
export { dedupKeyFor } from './dedup-key.js';
export { canonicalJson } from './canonical-json.js';
export { FORWARDER_DATE_WARNING, CONTAINER_TIME_WARNING, TIME_WARNINGS } from './parse-warnings.js';
export type { NormalizeContext, NormalizedEvent } from './normalized-event.js';
