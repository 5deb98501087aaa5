import type { FramedBody } from './framed-body.js';
import { frameFormBody } from './form-body.js';
import { frameJsonBody } from './json-framing.js';
import { bodyKindFor, type BodyKind } from './media-type.js';
import { frameMsgpackBody } from './msgpack-records.js';
import { frameNdjsonBody } from './ndjson-framing.js';

const READERS: Readonly<Record<BodyKind, (body: Buffer) => FramedBody>> = {
  ndjson: frameNdjsonBody,
  msgpack: frameMsgpackBody,
  form: frameFormBody,
  json: frameJsonBody,
};

/** Splits a decompressed body into values with the reader its label and first bytes call for. */
export function frameBody({ body, contentType }: { body: Buffer; contentType: string | undefined }): FramedBody {
  return READERS[bodyKindFor({ contentType, body })](body);
}
