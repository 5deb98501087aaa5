/** Narrowing helpers for parsed JSON, so the readers never index into `any`. */
export type JsonObject = { [key: string]: unknown };

export const isJsonObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export const objectOrEmpty = (value: unknown): JsonObject => (isJsonObject(value) ? value : {});

/** Empty strings count as absent: AWS omits fields rather than sending "", and "" is never a usable id. */
export const stringOrNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export const sizeOrNull = (value: unknown): number | null =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;

export type JsonParse = { ok: true; value: unknown } | { ok: false };

export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
