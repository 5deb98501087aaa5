/**
 * Public event ids carry the event time as well as the row id, so a look-up by id prunes to one monthly
 * partition and uses the (tenant_id, event_time, id) index instead of scanning every partition.
 * Form: `ev_<event time ms, base36>_<row id, base36>`.
 */
export const formatEventId = ({ eventTime, id }: { eventTime: Date; id: number }): string =>
  `ev_${eventTime.getTime().toString(36)}_${id.toString(36)}`;

export function parseEventId(value: string): { eventTime: Date; id: number } | null {
  const match = /^ev_(-?[0-9a-z]{1,12})_([0-9a-z]{1,12})$/.exec(value);
  if (!match) return null;
  const ms = parseInt(match[1]!, 36);
  const id = parseInt(match[2]!, 36);
  if (!Number.isSafeInteger(ms) || !Number.isSafeInteger(id) || Number.isNaN(new Date(ms).getTime())) return null;
  return { eventTime: new Date(ms), id };
}
