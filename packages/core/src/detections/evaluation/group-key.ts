import { isIP } from 'node:net';
import { canonicalJson } from '../../events/canonical-json.js';
import type { NormalizedEvent } from '../../events/normalized-event.js';
import { cidrRange } from '../../query/cidr-range.js';
import { sqlLower } from '../matcher/sql-lower.js';
import { isCaseInsensitive, readFieldRef, type FieldRef, type FieldValue } from '../rules/field-refs.js';

export type Group = { key: string; values: Record<string, FieldValue> };

/**
 * The group an event falls in: the values of the groupBy fields, as canonical JSON of a list in groupBy
 * order (`["alice","10.0.0.1"]`; `[]` without groupBy). A missing field is `null` in the key, so events
 * lacking it share one group rather than being dropped: a burst of failures without a user is still a
 * burst. Values compare as the search compares them: names ignoring case, IPs as addresses.
 */
export function groupOf(event: NormalizedEvent, refs: readonly FieldRef[]): Group {
  const values: Record<string, FieldValue> = {};
  const parts = refs.map((ref) => {
    const value = readFieldRef(event, ref);
    values[ref.name] = value;
    return keyPart(ref, value);
  });
  return { key: canonicalJson(parts), values };
}

/** A value as it identifies a group or a new value: case folded for names, one spelling per IP address. */
export function keyPart(ref: FieldRef, value: FieldValue): FieldValue {
  if (typeof value !== 'string') return value;
  if (isCaseInsensitive(ref)) return sqlLower(value);
  if (ref.kind === 'field' && ref.spec.type === 'ip') {
    const family = isIP(value);
    return family === 0 ? value : cidrRange(`${value}/${family === 4 ? 32 : 128}`)!.first;
  }
  return value;
}
