import { firstContentByte } from './body-bytes.js';

/** Which reader a body gets (teleport-wire.md §7.2 step 2). `json` is the catch-all sniffing reader. */
export type BodyKind = 'ndjson' | 'msgpack' | 'form' | 'json';

const NDJSON_TYPES = new Set(['application/x-ndjson', 'application/jsonlines', 'application/x-jsonlines', 'application/jsonl']);
const MSGPACK_TYPES = new Set(['application/msgpack', 'application/x-msgpack']);
const FORM_TYPE = 'application/x-www-form-urlencoded';

/** `Application/JSON; charset=utf-8` → `application/json`; parameters never change how we read a body. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * The label decides first, but is checked against the first bytes, since labels are often wrong:
 * `curl -d '{…}'` sends JSON labelled as a form, and some clients label everything
 * `application/json`. A msgpack record stream starts with a map or array marker, which can never
 * start UTF-8 JSON text, and JSON starts with `{` or `[`, which can never start a msgpack record stream.
 */
export function bodyKindFor({ contentType, body }: { contentType: string | undefined; body: Buffer }): BodyKind {
  const type = mediaTypeOf(contentType);
  const startsLikeJson = isJsonOpener(firstContentByte(body));
  if (MSGPACK_TYPES.has(type)) return startsLikeJson ? 'json' : 'msgpack';
  if (type === FORM_TYPE) return startsLikeJson ? 'json' : 'form';
  if (NDJSON_TYPES.has(type)) return 'ndjson';
  return isMsgpackContainer(body[0]) ? 'msgpack' : 'json';
}

function isJsonOpener(byte: number | undefined): boolean {
  return byte === 0x7b || byte === 0x5b; // { [
}

/** fixmap 0x80–0x8f, fixarray 0x90–0x9f, array16/32 0xdc–0xdd, map16/32 0xde–0xdf. */
function isMsgpackContainer(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x80 && byte <= 0x9f) || (byte >= 0xdc && byte <= 0xdf));
}
