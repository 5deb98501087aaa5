import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/**
 * The idempotency key of an event (event-schema.md §4.2, teleport-wire.md §7.6). First match wins:
 *
 * - `uid:<uid>` when `uid` is a non-empty string. Teleport documents `uid` as the deduplication id, and
 *   it is the only key that merges copies that arrive through different serializations.
 * - `sess:<sid>:<ei>:<event>` when `sid` and `event` are non-empty strings and `ei` is an integer
 *   (recording events often carry no uid). `sid` and `event` are percent-encoded with
 *   `encodeURIComponent`, a no-op for UUIDs and dotted type names, so a `:` inside them cannot make
 *   two different triples produce the same key.
 * - `sha256:<64 hex>` of the canonical JSON of the whole event (see canonical-json.ts for the
 *   big-integer limitation).
 *
 * The prefixes keep the three kinds apart: a uid that happens to look like a hash, or a uid equal to
 * some `sess:` string, still gets a different key. Every prefix ends in `:` and none is a prefix of
 * another. Changing this format changes every key, so it needs a data migration.
 */
export function dedupKeyFor(raw: Record<string, unknown>): string {
  const { uid, sid, ei, event } = raw;
  if (typeof uid === 'string' && uid !== '') return `uid:${uid}`;
  if (typeof sid === 'string' && sid !== '' && Number.isSafeInteger(ei) && typeof event === 'string' && event !== '') {
    return `sess:${encodeURIComponent(sid)}:${String(ei)}:${encodeURIComponent(event)}`;
  }
  return `sha256:${createHash('sha256').update(canonicalJson(raw), 'utf8').digest('hex')}`;
}
