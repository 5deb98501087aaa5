import { decodeIngestBody, errors, normalizeEvent, PayloadTooLargeError, uuidv7, type DecodeInput, type DecodeResult, type Metrics, type NormalizedEvent } from '@tai/core';
import { refusalReject, type NewIngestReject, type Repositories, type SourceRow } from '@tai/db';
import type { IngestConfig } from '../../config.js';
import type { EventWriter } from './event-writer.js';
import { bodyCost, inflatedBytesWithin, MemoryBudgetExhaustedError, type MemoryLease } from './memory-budget.js';

export type IngestDeps = {
  writer: Pick<EventWriter, 'write'>;
  rejects: Pick<Repositories['ingestRejects'], 'record'>;
  limits: Pick<IngestConfig, 'maxDecompressedBytes' | 'maxEventBytes' | 'rejectPayloadMaxBytes' | 'batchMaxRows'>;
  metrics: Pick<Metrics['ingest'], 'events' | 'rejects'>;
  now: () => Date;
  /** this request's share of the memory budget; the body as sent is already in it */
  lease: MemoryLease;
};

export type IngestOutcome = { accepted: number; duplicates: number; quarantined: number };

type Quarantine = Omit<NewIngestReject, 'id' | 'payload' | 'payloadSize' | 'payloadTruncated'> & { bytes: Buffer };

// Reject messages quote the offending input (a JSON parser's error message may hold raw bytes) and
// headers are the sender's: any U+0000 in them is written as the escape, so the reject itself can be stored.
const storableText = (text: string): string => text.replaceAll('\u0000', '\\u0000');

/**
 * One webhook request, end to end: decode whatever framing and encoding it came in, normalize each record,
 * commit the events (deduplicated) and quarantine whatever cannot become an event, with its bytes and the
 * reason. It returns only when all of that is durable; any failure to store throws (the route answers 503).
 */
export async function ingestWebhookRequest(deps: IngestDeps, { source, input, sessionIdHint = null }: { source: SourceRow; input: DecodeInput; sessionIdHint?: string | null }): Promise<IngestOutcome> {
  const receivedAt = deps.now();
  const decoded = decodeWithinBudget(deps, input);
  const contentType = input.contentType === undefined ? null : storableText(input.contentType);
  const quarantine: Quarantine[] = decoded.quarantined.map((q) => ({
    reasonCode: q.reason, message: storableText(q.message), contentType, context: q.context && storableText(q.context), bytes: q.bytes,
  }));
  const defaultClusterName = typeof source.config.clusterName === 'string' ? source.config.clusterName : null;
  const owner = { tenantId: source.tenantId, sourceId: source.id };
  const total = { inserted: 0, duplicates: 0 };
  // Records are normalized and committed a slice at a time: a normalized event costs several times its JSON,
  // so a large body never holds more than one slice of them, and its insert statements stay small. Events
  // before quarantine: if the quarantine write then fails, the sender's retry finds the events already stored.
  const slice = deps.limits.batchMaxRows;
  for (let start = 0; start < decoded.records.length; start += slice) {
    const events: NormalizedEvent[] = [];
    const recordNumber = new Map<NormalizedEvent, number>();
    decoded.records.slice(start, start + slice).forEach(({ record, forwarderKeys }, offset) => {
      const result = normalizeEvent(record, { receivedAt, defaultClusterName, forwarderKeys, sessionIdHint });
      if (result.ok) {
        events.push(result.event);
        recordNumber.set(result.event, start + offset + 1);
      } else {
        quarantine.push({ reasonCode: result.reason, message: storableText(result.message), contentType, context: `record ${start + offset + 1}`, bytes: Buffer.from(JSON.stringify(record)) });
      }
    });
    const written = await deps.writer.write({ tenantId: source.tenantId, sourceId: source.id, events });
    total.inserted += written.inserted;
    total.duplicates += written.duplicates;
    deps.metrics.events({ path: 'webhook', owner, stored: written.inserted, duplicates: written.duplicates });
    for (const refusal of written.refused) {
      const { reasonCode, message } = refusalReject(refusal);
      quarantine.push({ reasonCode, message, contentType, context: `record ${recordNumber.get(refusal.event) ?? '?'}`, bytes: Buffer.from(JSON.stringify(refusal.event.raw)) });
    }
  }
  if (quarantine.length > 0) {
    const cap = deps.limits.rejectPayloadMaxBytes;
    await deps.rejects.record({
      tenantId: source.tenantId,
      sourceId: source.id,
      receivedAt,
      rejects: quarantine.map(({ bytes, ...q }) => ({
        ...q, id: uuidv7(), payload: bytes.subarray(0, cap), payloadSize: bytes.length, payloadTruncated: bytes.length > cap,
      })),
    });
    deps.metrics.rejects({ path: 'webhook', owner, reasons: quarantine.map((q) => q.reasonCode) });
  }
  return { accepted: total.inserted, duplicates: total.duplicates, quarantined: quarantine.length };
}

/**
 * Decodes the body with its inflated size and parse cost leased first: the inflater may only produce what the
 * budget has room for, so a body that does not fit now is cut off early and answered 503, while one over the
 * configured limit is a 413 as before. Decoding is synchronous, so nothing else leases in between.
 */
function decodeWithinBudget(deps: IngestDeps, input: DecodeInput): DecodeResult {
  const { maxDecompressedBytes, maxEventBytes } = deps.limits;
  // What the lease already holds beyond the body as sent was paid for its parsing; the rest of the budget adds to it.
  const cap = Math.min(maxDecompressedBytes, inflatedBytesWithin(deps.lease.available() + deps.lease.held() - input.body.length));
  let decoded: DecodeResult;
  try {
    decoded = decodeIngestBody(input, { maxDecompressedBytes: cap, maxRecordBytes: maxEventBytes });
  } catch (err) {
    if (!(err instanceof PayloadTooLargeError)) throw err;
    if (cap < maxDecompressedBytes) throw new MemoryBudgetExhaustedError();
    throw errors.payloadTooLarge({ message: `The body exceeds ${err.limitBytes} bytes after decompression`, details: { limitBytes: err.limitBytes } });
  }
  const cost = bodyCost({ sentBytes: input.body.length, inflatedBytes: decoded.decompressedBytes, inflated: decoded.inflated });
  if (!deps.lease.ensure(cost)) throw new MemoryBudgetExhaustedError();
  return decoded;
}
