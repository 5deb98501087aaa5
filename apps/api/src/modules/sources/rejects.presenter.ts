import { encodeTimeIdCursor } from '@tai/core';
import type { IngestRejectRow } from '@tai/db';
import { TextDecoder } from 'node:util';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function asText(payload: Buffer): string | null {
  try {
    return utf8.decode(payload);
  } catch {
    return null;
  }
}

export const presentReject = (r: IngestRejectRow) => ({
  id: r.id,
  receivedAt: r.receivedAt.toISOString(),
  reason: r.reasonCode,
  message: r.message,
  contentType: r.contentType,
  context: r.context,
  payloadSize: r.payloadSize,
  payloadTruncated: r.payloadTruncated,
  payloadText: asText(r.payload),
  payloadBase64: r.payload.toString('base64'),
});

export const encodeRejectCursor = (r: IngestRejectRow) => encodeTimeIdCursor({ at: r.receivedAt, id: r.id });
