/**
 * Keys a forwarder adds to a Teleport record (teleport-wire.md §7.2 step 3). Records are stored as
 * received, but normalization and the content hash must ignore these, or the same event would hash
 * differently through Fluent Bit and straight from the Event Handler and never deduplicate.
 *
 * Each rule is scoped as tightly as the evidence allows, because Teleport events have keys of their
 * own that must never be dropped:
 * - Fluent Bit (`User-Agent: Fluent-Bit`) prepends `date` (its ingest time, epoch seconds) and can
 *   add `__internal__`. Only trusted under that User-Agent: `date` is an ordinary word.
 * - Vector (`User-Agent: Vector/<version>`) adds `source_type` and `timestamp` in its legacy log
 *   namespace. `timestamp` counts only next to `event`, i.e. when the record is a Teleport event
 *   that Vector wrapped. Vector's `path` is deliberately not listed: sftp events carry a real `path`.
 * - Fluentd `in_http` adds `REMOTE_ADDR` and `HTTP_*` header keys. Teleport keys are snake_case
 *   lower case, so these upper-case names cannot collide and need no User-Agent (Fluentd's
 *   `out_http` sends none of its own).
 */
export function forwarderKeysFor({ record, userAgent }: { record: Record<string, unknown>; userAgent: string | undefined }): string[] {
  const agent = (userAgent ?? '').toLowerCase();
  const fromFluentBit = agent.startsWith('fluent-bit');
  const fromVector = agent.startsWith('vector');
  const hasEvent = Object.hasOwn(record, 'event');
  return Object.keys(record).filter((key) => {
    if (key === 'REMOTE_ADDR' || key.startsWith('HTTP_')) return true;
    if (fromFluentBit) return key === 'date' || key === '__internal__';
    if (fromVector) return key === 'source_type' || (key === 'timestamp' && hasEvent);
    return false;
  });
}
