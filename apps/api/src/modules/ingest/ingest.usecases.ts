import { decodeIngestBody, errors, normalizeEvent, PayloadTooLargeError, uuidv7, type DecodeInput, type NormalizedEvent } from '@tai/core';
import { refusalReject, type NewIngestReject, type Repositories, type SourceRow } from '@tai/db';
import type { IngestConfig } from '../../config.js';
import type { EventWriter } from './event-writer.js';

export type IngestDeps = {
  writer: Pick<EventWriter, 'write'>;
  rejects: Pick<Repositories['ingestRejects'], 'record'>;
  limits: Pick<IngestConfig, 'maxDecompressedBytes' | 'maxEventBytes' | 'rejectPayloadMaxBytes'>;
  now: () => Date;
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
export async function ingestWebhookRequest(deps: IngestDeps, { source, input }: { source: SourceRow; input: DecodeInput }): Promise<IngestOutcome> {
  const receivedAt = deps.now();
  let decoded;
  try {
    decoded = decodeIngestBody(input, { maxDecompressedBytes: deps.limits.maxDecompressedBytes, maxRecordBytes: deps.limits.maxEventBytes });
  } catch (err) {
    if (err instanceof PayloadTooLargeError) {
      throw errors.payloadTooLarge({ message: `The body exceeds ${err.limitBytes} bytes after decompression`, details: { limitBytes: err.limitBytes } });
    }
    throw err;
  }

  const contentType = input.contentType === undefined ? null : storableText(input.contentType);
  const quarantine: Quarantine[] = decoded.quarantined.map((q) => ({
    reasonCode: q.reason, message: storableText(q.message), contentType, context: q.context && storableText(q.context), bytes: q.bytes,
  }));
  const events: NormalizedEvent[] = [];
  const defaultClusterName = typeof source.config.clusterName === 'string' ? source.config.clusterName : null;
  const recordNumber = new Map<NormalizedEvent, number>();
  decoded.records.forEach(({ record, forwarderKeys }, index) => {
    const result = normalizeEvent(record, { receivedAt, defaultClusterName, forwarderKeys });
    if (result.ok) {
      events.push(result.event);
      recordNumber.set(result.event, index + 1);
    } else {
      quarantine.push({ reasonCode: result.reason, message: storableText(result.message), contentType, context: `record ${index + 1}`, bytes: Buffer.from(JSON.stringify(record)) });
    }
  });

  // Events first: if the quarantine write then fails, the sender's retry finds the events already stored.
  const written = await deps.writer.write({ tenantId: source.tenantId, sourceId: source.id, events });
  for (const refusal of written.refused) {
    const { reasonCode, message } = refusalReject(refusal);
    quarantine.push({ reasonCode, message, contentType, context: `record ${recordNumber.get(refusal.event) ?? '?'}`, bytes: Buffer.from(JSON.stringify(refusal.event.raw)) });
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
  }
  return { accepted: written.inserted, duplicates: written.duplicates, quarantined: quarantine.length };
}
