/**
 * Why a parsed JSON value cannot be stored as `jsonb` (and its strings as `text`), or null when it can.
 * Postgres refuses U+0000 anywhere and UTF-16 surrogates that do not pair up; JavaScript's own
 * JSON.stringify overflows its stack somewhere past a few thousand levels, and Postgres's jsonb parser
 * has a depth limit of its own; a number beyond double range has already become Infinity, which JSON
 * cannot write back (it would silently turn into null). Such a record could never be inserted, and
 * failing its batch makes the sender retry it forever, so it is quarantined (with its bytes) instead.
 *
 * Iterative, so that the depth check itself cannot overflow the stack on hostile input.
 */
export type UnstorableReason = 'record.nul_character' | 'record.invalid_unicode' | 'record.too_deep' | 'record.unrepresentable_number';
export type Unstorable = { reason: UnstorableReason; message: string };

/** Teleport events nest four or five levels; anything near this is not an audit event. */
export const MAX_RECORD_DEPTH = 64;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function stringProblem(text: string, where: () => string): Unstorable | null {
  if (text.includes('\u0000')) return { reason: 'record.nul_character', message: `${where()} contains a U+0000 character, which cannot be stored as text` };
  if (LONE_SURROGATE.test(text)) return { reason: 'record.invalid_unicode', message: `${where()} contains an unpaired UTF-16 surrogate (such as \\ud800), which is not valid Unicode and cannot be stored` };
  return null;
}

// Objects of parsed JSON (and of query strings, whose prototype is a bare object) are walked; a Buffer or
// a Date is not a JSON value, and a Buffer's keys are its bytes.
function isJsonContainer(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !ArrayBuffer.isView(value) && !(value instanceof Date);
}

// Paths are built only for the message of a failure: this runs on every event of the ingest hot path.
type Node = { value: unknown; depth: number; key: string | number | null; parent: Node | null };

function pathOf(node: Node | null): string {
  const parts: string[] = [];
  for (let n = node; n && n.key !== null; n = n.parent) parts.unshift(typeof n.key === 'number' ? `[${n.key}]` : `.${n.key}`);
  const path = parts.join('').replace(/^\./, '');
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

export type UnstorableOptions = {
  maxDepth?: number;
  /** How messages name a place: '' is the value itself, else a dotted path such as `identity.roles[0]`. */
  describe?: (path: string) => string;
};

const describeInRecord = (path: string): string => (path === '' ? 'the record' : `the value at ${path}`);

export function findUnstorable(value: unknown, { maxDepth = MAX_RECORD_DEPTH, describe = describeInRecord }: UnstorableOptions = {}): Unstorable | null {
  const describeNode = (node: Node) => describe(pathOf(node));
  const stack: Node[] = [{ value, depth: 0, key: null, parent: null }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const current = node.value;
    if (typeof current === 'string') {
      const problem = stringProblem(current, () => describeNode(node));
      if (problem) return problem;
    } else if (typeof current === 'number') {
      if (!Number.isFinite(current)) return { reason: 'record.unrepresentable_number', message: `${describeNode(node)} is a number beyond the range of a double, which JSON cannot hold` };
    } else if (isJsonContainer(current)) {
      if (node.depth >= maxDepth) return { reason: 'record.too_deep', message: `${describe('')} nests deeper than ${maxDepth} levels` };
      if (Array.isArray(current)) {
        for (let i = 0; i < current.length; i++) stack.push({ value: current[i], depth: node.depth + 1, key: i, parent: node });
      } else {
        for (const key of Object.keys(current as Record<string, unknown>)) {
          const keyProblem = stringProblem(key, () => `a key inside ${describeNode(node)}`);
          if (keyProblem) return keyProblem;
          stack.push({ value: (current as Record<string, unknown>)[key], depth: node.depth + 1, key, parent: node });
        }
      }
    }
  }
  return null;
}
