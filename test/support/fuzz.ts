import fc from 'fast-check';
import { FUZZ_RUNS, FUZZ_SEED } from './env.js';

/**
 * Property-based fuzzing: how many cases each property runs. Small by default so `npm test` stays fast;
 * `npm run fuzz` runs many more (FUZZ_RUNS), and FUZZ_SEED replays a failing run.
 */
export const fuzzParameters = (defaultRuns: number): fc.Parameters<unknown> => ({
  numRuns: FUZZ_RUNS ?? defaultRuns,
  ...(FUZZ_SEED === null ? {} : { seed: FUZZ_SEED }),
  endOnFailure: true,
});

/** Times at and beyond every edge a parser or Postgres has. */
const nastyTimes = fc.constantFrom(
  '0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000000001Z', '9999-12-31T23:59:59.999999999Z',
  '10000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z', '2024-02-30T00:00:00Z', '2023-09-20T23:00:000.000000Z',
  '2024-01-01T00:00:00+99:99', '2024-01-01 00:00:00', '2024-01-01T24:00:00Z', '1970-01-01T00:00:00.1234567891234Z', '',
);

/** Strings Postgres, JSON and UTF-8 choke on, and plain ones. */
export const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\udc00\ud800', '😀', '\uffff', '\u2028', "'; drop table sources; --", '%00', '\\u0000', ' '.repeat(300)),
  fc.string({ maxLength: 20 }),
);

const hugeNumbers = fc.constantFrom(Number.MAX_VALUE, -Number.MAX_VALUE, 2 ** 63, -(2 ** 63), 2 ** 53 + 1, 1e-320, -0, 4294967296, 2147483648);

/** Nesting between a little and far past the 64-level limit (within what JSON.stringify itself can write). */
const deepValue = fc.integer({ min: 2, max: 800 }).map((depth) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { d: value };
  return value;
});

/** Any value a field might hold instead of the right one. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 2, arbitrary: nastyTimes },
  { weight: 2, arbitrary: hugeNumbers },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(nastyString, nastyString, { maxKeys: 3 }) },
  { weight: 1, arbitrary: deepValue },
);

/** Every field the normalizer reads (event-schema.md §4.1), top level and nested. */
const FIELDS: readonly (string | readonly string[])[] = [
  'time', 'event', 'code', 'ei', 'cluster_name', 'cluster', 'success', ['status', 'success'], 'error', 'message', 'user', ['user', 'user'],
  'login', 'impersonator', 'user_kind', 'user_roles', 'roles', 'method', ['mfa_device', 'mfa_device_uuid'], 'with_mfa', 'sid', 'server_id',
  'server_hostname', 'server_addr', 'namespace', 'addr.remote', 'addr.local', 'addr_remote', 'proto', 'user_agent', 'name', 'updated_by',
  'id', 'state', 'cert_type', ['identity', 'expires'], ['identity', 'user'], ['identity', 'client_ip'], ['identity', 'roles'], 'command',
  'initial_command', 'program', 'argv', 'path', 'exitCode', 'kubernetes_cluster', 'verb', 'request_path', 'resource_kind', 'response_code',
  'db_service', 'db_name', 'db_query', 'query', ['args', 'sql'], 'app_name', 'session_start', 'session_stop', 'tx', 'rx', 'server_labels',
  'bot_name', 'reviewer', 'date',
];

function setPath(target: Record<string, unknown>, path: string | readonly string[], value: unknown): void {
  const keys = typeof path === 'string' ? [path] : path;
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node = node[key] = next !== null && typeof next === 'object' && !Array.isArray(next) ? { ...(next as Record<string, unknown>) } : {};
  }
  node[keys.at(-1)!] = value;
}

export type Mutation = { path: string | readonly string[]; value: unknown } | { extraKey: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ path: fc.constantFrom(...FIELDS), value: nastyValue }) },
  { weight: 1, arbitrary: fc.record({ extraKey: nastyString, value: nastyValue }) },
);

export type EventRecipe = { template: Record<string, unknown>; mutations: Mutation[] };

/** A corpus event and a few hostile replacements of its fields (data, so a counterexample prints readably). */
export const eventRecipe = (corpus: readonly Record<string, unknown>[]): fc.Arbitrary<EventRecipe> =>
  fc.record({ template: fc.constantFrom(...corpus), mutations: fc.array(mutation, { minLength: 0, maxLength: 4 }) });

/** The recipe's event. `uid` stays a fresh string and `fuzz_id` marks it, so a test can find it again, stored or quarantined. */
export function buildEvent({ template, mutations }: EventRecipe, marker: string): Record<string, unknown> {
  const event: Record<string, unknown> = { ...template };
  for (const m of mutations) {
    if ('extraKey' in m) event[m.extraKey] = m.value;
    else setPath(event, m.path, m.value);
  }
  return { ...event, uid: `${marker}-uid`, fuzz_id: marker };
}
