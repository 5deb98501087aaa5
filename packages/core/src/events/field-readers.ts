import type { MicroTime } from '../time/micro-time.js';
import { parseEventTime } from './event-time.js';

/**
 * Where a value lives in an event. A string is one top-level key and is never split on dots, because
 * Teleport has literal dotted keys (`addr.remote`); an array walks nested objects (`['identity', 'user']`).
 */
export type FieldPath = string | readonly string[];

export type ReadSpec = {
  /** the table column, used as the prefix of parse warnings (`error.stringified`) */
  column: string;
  /** candidate paths, first non-empty wins (event-schema.md §4.1) */
  from: readonly FieldPath[];
};

type IntegerSpec = { type: keyof typeof INTEGER_RANGES; numericStrings?: boolean };

/** bigint is capped at JS's safe range: beyond it JSON.parse has already lost the exact value. */
const INTEGER_RANGES = {
  smallint: [-32_768, 32_767],
  int: [-2_147_483_648, 2_147_483_647],
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
} as const;

export type FieldReader = ReturnType<typeof createFieldReader>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function valueAt({ event, path }: { event: Record<string, unknown>; path: FieldPath }): unknown {
  if (typeof path === 'string') return event[path];
  let current: unknown = event;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

export function pathLabel(path: FieldPath): string {
  return typeof path === 'string' ? path : path.join('.');
}

/** `''`, `null` and absence all mean "not there" and let the next candidate path answer. */
function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * Typed getters over one event (§3 pitfall 3: type-check every extracted value). Each getter records
 * a parse warning when it coerces or drops a present value, so `parse_warnings` explains every gap.
 * Created per event; nothing is shared between calls.
 */
export function createFieldReader({ event, warnings }: { event: Record<string, unknown>; warnings: string[] }) {
  const candidates = (from: readonly FieldPath[]) =>
    from.map((path) => valueAt({ event, path })).filter((value) => !isEmpty(value));

  return {
    /** Strings only, silently skipping other types; for chains where a non-string means "look further". */
    string(...from: readonly FieldPath[]): string | null {
      const value = candidates(from).find((v) => typeof v === 'string');
      return typeof value === 'string' ? value : null;
    },

    /** Text columns: a non-string is kept as JSON text (`error: 0`, `message: {…}`) rather than lost. */
    text({ column, from }: ReadSpec): string | null {
      const [value] = candidates(from);
      if (value === undefined) return null;
      if (typeof value === 'string') return value;
      warnings.push(`${column}.stringified`);
      return JSON.stringify(value);
    },

    /**
     * Integer columns, bounded by the column's Postgres type so that an out-of-range value is dropped
     * here instead of failing the insert (a row that never inserts stalls the sender's stream).
     * Numeric strings only where Teleport itself sends them (`exitCode`).
     */
    integer({ column, from, type, numericStrings = false }: ReadSpec & IntegerSpec): number | null {
      const [min, max] = INTEGER_RANGES[type];
      for (const value of candidates(from)) {
        const n = typeof value === 'string' && numericStrings && /^-?\d{1,16}$/.test(value) ? Number(value) : value;
        if (typeof n === 'number' && Number.isSafeInteger(n) && n >= min && n <= max) return n;
        warnings.push(`${column}.dropped`);
      }
      return null;
    },

    /** Boolean columns (§4.1 "booleans only"): a string `"true"` is hand-edited data, not a Teleport boolean. */
    boolean({ column, from }: ReadSpec): boolean | null {
      for (const value of candidates(from)) {
        if (typeof value === 'boolean') return value;
        warnings.push(`${column}.dropped`);
      }
      return null;
    },

    /** text[] columns: arrays of strings only; an empty array counts as absent. */
    stringArray({ column, from }: ReadSpec): string[] | null {
      for (const value of candidates(from)) {
        if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
          if (value.length > 0) return [...value];
          continue;
        }
        warnings.push(`${column}.dropped`);
      }
      return null;
    },

    /** Timestamp columns other than `time`: Go's zero time means "not set" and is not worth a warning. */
    timestamp({ column, from }: ReadSpec): MicroTime | null {
      for (const value of candidates(from)) {
        const parsed = parseEventTime(value);
        if (parsed.time) return parsed.time;
        if (parsed.reason === 'zero') return null;
        warnings.push(`${column}.dropped`);
      }
      return null;
    },
  };
}
