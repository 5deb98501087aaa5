/**
 * `raw #> path` and `raw #>> path` as Postgres evaluates them on the stored jsonb, for raw.<path> terms.
 * The event reaches jsonb through JSON.stringify, so numbers are JS's shortest form read as numeric.
 */
export type JsonbLookup = { present: false } | { present: true; value: unknown };

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/** `#>`: objects by key, arrays by an integer index (negative counts from the end), anything else ends the walk. */
export function jsonbAt(root: unknown, path: readonly string[]): JsonbLookup {
  let current: unknown = root;
  for (const key of path) {
    if (Array.isArray(current)) {
      const index = arrayIndex(key, current.length);
      if (index === null) return { present: false };
      current = current[index];
    } else if (current !== null && typeof current === 'object') {
      if (!Object.hasOwn(current, key)) return { present: false };
      current = (current as Record<string, unknown>)[key];
    } else {
      return { present: false };
    }
  }
  return current === undefined ? { present: false } : { present: true, value: current };
}

/** Postgres reads an array subscript with strtol: leading spaces and a sign allowed, nothing after the digits. */
function arrayIndex(key: string, length: number): number | null {
  if (!/^[ \t\n\v\f\r]*[+-]?\d+$/.test(key)) return null;
  const n = Number(key.trim());
  if (!Number.isSafeInteger(n) || n < INT32_MIN || n > INT32_MAX) return null;
  const index = n >= 0 ? n : length + n;
  return index >= 0 && index < length ? index : null;
}

/** `#>>`: the value as text; JSON null is SQL NULL. */
export function jsonbText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  return jsonbValueText(value);
}

function jsonbValueText(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return numericText(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(jsonbValueText).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  // jsonb keeps object keys ordered by length in bytes, then bytewise.
  entries.sort(([a], [b]) => Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${jsonbValueText(v)}`).join(', ')}}`;
}

/** A JS number as Postgres prints the numeric it parses from JSON.stringify's text: plain decimal, never an exponent. */
export function numericText(n: number): string {
  const text = String(n);
  const exp = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!exp) return text;
  const [, sign, whole, fraction = '', power] = exp;
  const digits = `${whole}${fraction}`;
  const point = whole!.length + Number(power);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
