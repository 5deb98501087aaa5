/**
 * The stable dotted codes `normalizeEvent` writes to `parse_warnings`. Stored in rows and filtered on,
 * so renaming one is a data migration. A warning means the normalizer coerced, dropped or replaced a
 * value the event carried; normal mapping steps (an actor found through the fallback chain, an
 * exitCode sent as a string as Teleport always does) are not warnings.
 *
 * Fixed codes:
 * - `time.missing`: no `time` (absent, null or `""`); `event_time` is `received_at`, or Fluent Bit's
 *   `date` when `time.from_forwarder_date` is also present.
 * - `time.zero`: `time` is Go's zero time `0001-01-01T00:00:00Z`; the same fallback as `time.missing`.
 * - `time.invalid`: `time` is present but not a timestamp we accept (§3.1), including numbers;
 *   the same fallback as `time.missing`.
 * - `time.from_forwarder_date`: always next to one of the three above. `event_time` is the Fluent Bit
 *   `date` (its ingest time in epoch seconds, so an approximation: teleport-wire.md §7.7), used because
 *   the record's `date` was listed in the context's `forwarderKeys`; `time_from_received_at` is false.
 * - `event_code.upper_cased`: `code` arrived in lower or mixed case (Panther's `t2000i`).
 * - `cluster_name.source_default`: no cluster in the event; the source's configured one was used.
 * - `remote_addr.unparsed` / `local_addr.unparsed`: not `host[:port]`; the address text is kept
 *   when it was a string, ip and port are null.
 * - `remote_addr.invalid_ip` / `local_addr.invalid_ip`: the host is meant as an IP literal but is not
 *   a valid one (`192.000.0.000`, a five-digit IPv6 group); text and port are kept, ip is null.
 * - `client_ip.invalid`: `identity.client_ip` was needed as the `remote_ip` fallback but is not an IP.
 * - `labels.dropped`: a label map is not an object.
 * - `session_id.from_url`: no `sid` in the event; the session id is the one the request's URL named
 *   (`<session-url>.<sid>.log`), as for the Event Handler's `print` events.
 *
 * Per-column codes, `<column>` being the snake_case table column:
 * - `<column>.stringified`: a text column received a non-string, stored as its JSON text
 *   (`error` 0 → `"0"`, an object `message` → `{"method":…}`).
 * - `<column>.dropped`: a typed column received a value of the wrong type or out of range; the column
 *   falls through to its next source or NULL (`event_index`, `success`, `roles`, `cert_expires`, …).
 */
export const TIME_WARNINGS = {
  missing: 'time.missing',
  zero: 'time.zero',
  invalid: 'time.invalid',
} as const;

export const FORWARDER_DATE_WARNING = 'time.from_forwarder_date';
/** `time` unusable; the time its container gave (Parquet `event_time`, Fluentd TSV column) was used. */
export const CONTAINER_TIME_WARNING = 'time.from_container';
/** `sid` absent; the session id came from the URL the event was posted to. */
export const SESSION_FROM_URL_WARNING = 'session_id.from_url';
