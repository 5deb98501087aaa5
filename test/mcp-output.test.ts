import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldAccess } from '../apps/api/src/modules/mcp/access-summary.js';
import { commandSummary, compact, eventSummary, sessionSummary } from '../apps/api/src/modules/mcp/compact.js';
import { MCP_CLI_USAGE, parseMcpCliArgs } from '../apps/api/src/modules/mcp/mcp-cli-args.js';
import { clipStrings, fitLists, fitValue, jsonLength } from '../apps/api/src/modules/mcp/output-budget.js';
import { joinQuery, quoteValue, term } from '../apps/api/src/modules/mcp/query-terms.js';
import { segment } from '../apps/api/src/modules/mcp/rest-client.js';
import { createRateLimiter } from '../apps/api/src/modules/mcp/rate-limiter.js';
import { sourceVerdict } from '../apps/api/src/modules/mcp/source-verdict.js';
import { decodeCursor, encodeCursor } from '../apps/api/src/modules/mcp/tool-cursor.js';
import { ToolError } from '../apps/api/src/modules/mcp/tool-error.js';
import { defineTool } from '../apps/api/src/modules/mcp/tool-definition.js';
import { runTool } from '../apps/api/src/modules/mcp/tool-runner.js';
import { z } from 'zod';

// The MCP server's pure parts: size bounds, cursors, compact summaries, query terms, the per-user fold of who
// accessed a resource, a source's verdict, the rate limiter and the CLI's flags.

const rows = (n: number, size = 100) => Array.from({ length: n }, (_, i) => ({ i, text: 'x'.repeat(size) }));

test('fitLists keeps items in order until the budget runs out, and says where each list goes on', () => {
  const a = rows(10);
  const b = rows(5);
  const one = jsonLength(a[0]) + 1;
  const fitted = fitLists([{ name: 'a', items: a, offset: 0 }, { name: 'b', items: b, offset: 0 }], one * 12);
  assert.equal(fitted.kept.a!.length, 10);
  assert.equal(fitted.kept.b!.length, 2);
  assert.deepEqual(fitted.next, { a: 10, b: 2 });
  assert.ok(fitted.used <= one * 12);
  const rest = fitLists([{ name: 'a', items: a, offset: 10 }, { name: 'b', items: b, offset: 2 }], one * 12);
  assert.deepEqual(rest.kept, { a: [], b: b.slice(2) });
  assert.equal(rest.next, null, 'all given');
});

test('fitLists always moves on: a single item over the budget is kept, clipped', () => {
  const big = [{ text: 'y'.repeat(10_000) }, { text: 'z' }];
  const fitted = fitLists([{ name: 'a', items: big, offset: 0 }], 1_000);
  assert.equal(fitted.kept.a!.length, 1);
  assert.ok(jsonLength(fitted.kept.a) < 1_100);
  assert.match((fitted.kept.a![0] as { text: string }).text, /more characters\]$/);
  assert.deepEqual(fitted.next, { a: 1 });
});

test('fitValue clips long strings first, and cuts the JSON only as a last resort', () => {
  const value = { a: 'x'.repeat(3_000), b: ['short', 'y'.repeat(3_000)] };
  const clipped = fitValue(value, 1_500);
  assert.equal(clipped.clipped, true);
  assert.ok(jsonLength(clipped.value) <= 1_500);
  assert.equal((clipped.value as { b: string[] }).b[0], 'short');
  assert.deepEqual(fitValue({ a: 1 }, 100), { value: { a: 1 }, clipped: false });
  const many = fitValue(Array.from({ length: 2_000 }, (_, i) => i), 500);
  assert.ok(jsonLength(many.value) <= 500);
  assert.equal((many.value as { totalChars: number }).totalChars, jsonLength(Array.from({ length: 2_000 }, (_, i) => i)));
  assert.equal(clipStrings('abcdef', 3), 'abc… [3 more characters]');
});

test('a cursor round-trips, belongs to its tool, and a forged or foreign one is request.invalid_cursor', () => {
  const cursor = { tool: 'search_events', rest: 'WyJ4Il0', skip: 7, args: { q: 'user:alice', from: '2026-05-31T18:00:00.000000Z', raw: true } };
  const text = encodeCursor(cursor);
  assert.match(text, /^[\w-]+$/);
  assert.deepEqual(decodeCursor(text, 'search_events'), cursor);
  assert.deepEqual(decodeCursor(encodeCursor({ ...cursor, skip: { commands: 3, events: 0 } }), 'search_events').skip, { commands: 3, events: 0 });
  for (const bad of [text, 'not a cursor!', Buffer.from('[2,"search_events",null,0,{}]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url'), 'x'.repeat(5_000)]) {
    const tool = bad === text ? 'list_sessions' : 'search_events';
    assert.throws(() => decodeCursor(bad, tool), (err: unknown) => err instanceof ToolError && err.code === 'request.invalid_cursor');
  }
});

test('compact summaries leave out empty values and bookkeeping, and keep what says what happened', () => {
  assert.deepEqual(compact({ a: 1, b: null, c: [], d: {}, e: '', f: false, g: 0 }), { a: 1, f: false, g: 0 });
  const event = eventSummary({
    id: 'ev_1', time: 't', receivedAt: 'r', sourceId: 's', uid: 'u', type: 'exec', actor: 'alice', userName: 'alice', serverHostname: 'web-1', serverId: 'srv',
    command: 'ls -la', program: 'ls', argv: ['-la'], remoteIp: '10.0.0.1', remoteAddr: '10.0.0.1:22', parseWarnings: [], raw: { big: true },
  });
  assert.deepEqual(event, { id: 'ev_1', time: 't', type: 'exec', actor: 'alice', serverHostname: 'web-1', command: 'ls -la', remoteIp: '10.0.0.1' });
  assert.deepEqual(eventSummary({ id: 'e', raw: { x: 1 }, parseWarnings: ['time.missing'] }, { raw: true }), { id: 'e', warnings: ['time.missing'], raw: { x: 1 } });
  const session = sessionSummary({ sessionId: 's', kind: 'ssh', status: 'incomplete', initiator: 'bob', participants: ['bob'], serverId: 'x', completeness: { hasEnd: true, missingIndices: 2 } });
  assert.deepEqual(session, { sessionId: 's', kind: 'ssh', status: 'incomplete', initiator: 'bob', missingEvents: 2 });
  assert.deepEqual(sessionSummary({ sessionId: 's', initiator: 'bob', participants: ['bob', 'carol'], completeness: { hasEnd: false, missingIndices: 0 } }).participants, ['bob', 'carol']);
  assert.deepEqual(commandSummary({ time: 't', type: 'session.command', program: '/usr/bin/nc', argv: ['-l'], exitCode: 0, eventId: 'e' }), { time: 't', type: 'session.command', command: '/usr/bin/nc', exitCode: 0, eventId: 'e' });
});

test('typed arguments become query terms with the quoting the language needs', () => {
  assert.equal(quoteValue('alice'), 'alice');
  assert.equal(quoteValue('prod-*'), 'prod-*');
  assert.equal(quoteValue('2001:db8::1'), '2001:db8::1');
  assert.equal(quoteValue('Alice Smith'), '"Alice Smith"');
  assert.equal(quoteValue('say "hi" \\ bye'), '"say \\"hi\\" \\\\ bye"');
  assert.equal(quoteValue('>5'), '">5"');
  assert.equal(quoteValue('(x)'), '"(x)"');
  assert.equal(quoteValue(''), '""');
  assert.equal(term('user', 'a b'), 'user:"a b"');
  assert.equal(joinQuery(undefined, []), undefined);
  assert.equal(joinQuery('  ', ['user:alice', null, undefined]), 'user:alice');
  assert.equal(joinQuery('event:exec OR event:session.command', ['user:alice']), '(event:exec OR event:session.command) user:alice');
  assert.equal(joinQuery('login:root', []), 'login:root');
  // A free query that would close the parentheses early is refused, so the typed terms always apply to all of it.
  for (const escaping of ['a) OR (b', 'a OR (b', '"a OR b']) {
    assert.throws(() => joinQuery(escaping, ['user:alice']), (err: unknown) => err instanceof ToolError && err.code === 'query.invalid' && typeof err.details?.position === 'number', escaping);
  }
});

test('who accessed: per user, events, sessions, first and last seen, logins and access requests', () => {
  const users = foldAccess({
    events: [
      { time: '2026-06-01T02:00:00Z', actor: 'dave', sessionId: 's1', login: 'root', accessRequests: ['req-1'] },
      { time: '2026-06-01T01:00:00Z', actor: 'dave', sessionId: 's1', login: 'root', accessRequests: ['req-1'] },
      { time: '2026-06-01T03:00:00Z', actor: 'bob', sessionId: null, login: null },
      { time: '2026-06-01T04:00:00Z', actor: null },
    ],
    sessions: [
      { sessionId: 's1', initiator: 'dave', participants: ['dave'], start: '2026-06-01T00:59:00Z', login: 'root' },
      { sessionId: 's2', initiator: 'bob', participants: ['bob', 'carol'], start: '2026-06-01T05:00:00Z', login: 'ubuntu' },
    ],
    eventCounts: new Map([['bob', 40]]),
  });
  assert.deepEqual(users, [
    { user: 'bob', events: 40, sessions: 1, firstSeen: '2026-06-01T03:00:00Z', lastSeen: '2026-06-01T05:00:00Z', logins: ['ubuntu'], accessRequests: [] },
    { user: 'dave', events: 2, sessions: 1, firstSeen: '2026-06-01T00:59:00Z', lastSeen: '2026-06-01T02:00:00Z', logins: ['root'], accessRequests: ['req-1'] },
    { user: 'carol', events: 0, sessions: 1, firstSeen: '2026-06-01T05:00:00Z', lastSeen: '2026-06-01T05:00:00Z', logins: [], accessRequests: [] },
  ]);
});

test('a source\'s verdict: waiting, silent when the completeness monitor says so, degraded with reasons, healthy', () => {
  const long = '2026-06-01T11:00:00Z';
  assert.equal(sourceVerdict({ lastEventAt: null }).status, 'waiting');
  assert.deepEqual(sourceVerdict({ lastEventAt: long, silence: { thresholdSeconds: 900 } }), { status: 'healthy', reasons: [] }, 'no finding: not silent, whatever the clock says');
  const silent = sourceVerdict({ lastEventAt: long, silence: { thresholdSeconds: 900 }, findings: [{ kind: 'source.silent', subject: '' }] });
  assert.deepEqual(silent, { status: 'silent', reasons: [`silent: no event since ${long} (the monitor's threshold is 15 min)`] });
  const degraded = sourceVerdict({ lastEventAt: '2026-06-01T11:59:00Z', rejectsLast24h: 3, warnings: [{ code: 's3.no_notifications' }], findings: [{ kind: 'session.incomplete', subject: 'sid-1' }] });
  assert.deepEqual(degraded, { status: 'degraded', reasons: ['3 rejected in 24 h', 'warning s3.no_notifications', 'finding session.incomplete (sid-1)'] });
});

test('the rate limiter allows a burst per key, then one call per refill, and tells how long to wait', () => {
  let now = 0;
  const limiter = createRateLimiter({ perMinute: 3, now: () => now });
  for (let i = 0; i < 3; i++) assert.deepEqual(limiter.take('a'), { ok: true });
  assert.deepEqual(limiter.take('a'), { ok: false, retryAfterSeconds: 20 });
  assert.deepEqual(limiter.take('b'), { ok: true }, 'keys are counted apart');
  now += 20_000;
  assert.deepEqual(limiter.take('a'), { ok: true });
  assert.equal(limiter.take('a').ok, false);
  now += 60_000;
  limiter.charge('a', 2);
  assert.deepEqual(limiter.take('a'), { ok: true }, 'a call\'s further requests are charged to the key');
  assert.equal(limiter.take('a').ok, false);
});

test('at most maxInFlight calls of a key run at once', () => {
  const limiter = createRateLimiter({ perMinute: 100, maxInFlight: 2 });
  assert.deepEqual([limiter.enter('a'), limiter.enter('a'), limiter.enter('a'), limiter.enter('b')], [true, true, false, true]);
  limiter.leave('a');
  assert.equal(limiter.enter('a'), true);
});

test('the CLI takes its configuration from flags only, and names what is wrong', () => {
  assert.deepEqual(parseMcpCliArgs(['--api-url', 'http://127.0.0.1:8080/', '--api-key', 'tai_ak_x']), { kind: 'run', config: { apiUrl: 'http://127.0.0.1:8080', apiKey: 'tai_ak_x', apiKeyFile: null, allowChanges: false } });
  assert.deepEqual(parseMcpCliArgs(['--api-url=https://audit.example.com', '--api-key-file', '/run/key', '--allow-changes']), { kind: 'run', config: { apiUrl: 'https://audit.example.com', apiKey: null, apiKeyFile: '/run/key', allowChanges: true } });
  assert.equal((parseMcpCliArgs(['--api-url', 'http://x', '--api-key', 'k', '--read-only']) as { config: { allowChanges: boolean } }).config.allowChanges, false, '--read-only: the default, still accepted');
  assert.deepEqual(parseMcpCliArgs(['--help']), { kind: 'help' });
  assert.match(MCP_CLI_USAGE, /^Usage: npm run --silent mcp -- /, 'npm\'s banner would go to stdout, which carries the protocol');
  const misuse = (argv: string[]) => { const r = parseMcpCliArgs(argv); return r.kind === 'misuse' ? r.message : r.kind; };
  assert.equal(misuse([]), '--api-url is required');
  assert.equal(misuse(['--api-url', 'ftp://x', '--api-key', 'k']), '--api-url must be http or https (got ftp:)');
  assert.equal(misuse(['--api-url', 'nope', '--api-key', 'k']), '--api-url is not a URL (got "nope")');
  assert.equal(misuse(['--api-url', 'http://x', '--api-key', 'k', '--api-key-file', 'f']), 'give exactly one of --api-key and --api-key-file');
  assert.equal(misuse(['--api-url', 'http://x', '--api-key']), '--api-key needs a value');
  assert.equal(misuse(['--api-url', 'http://x', '--verbose']), 'unknown option --verbose');
});

test('the tool runner holds every answer to the size bound, whatever the tool returned, and says it clipped', async () => {
  const sprawling = defineTool({ name: 'sprawling', title: 'x', description: 'x', input: z.strictObject({}), run: async () => ({ items: rows(40, 2_000) }) });
  const never = () => new Promise<never>(() => undefined);
  const res = await runTool({
    tool: sprawling, name: 'sprawling', args: {}, rest: { get: never, post: never, patch: never },
    limits: { limiter: createRateLimiter({ perMinute: 10 }), rateKey: 'k', timeBudgetMs: 1_000, budget: 24_000 }, log: { error: () => undefined },
  });
  const text = (res.content as { text: string }[])[0]!.text;
  assert.ok(text.length <= 24_000, `${text.length} characters`);
  const body = JSON.parse(text) as { items: { text: string }[]; clipped: string };
  assert.equal(body.items.length, 40);
  assert.match(body.items[0]!.text, /more characters\]$/);
  assert.match(body.clipped, /cut to fit/);
});

test('a path segment from an id is encoded, and "." or ".." (which would climb a level) is request.invalid', () => {
  assert.equal(segment('a/b?c#d%e', 'id'), 'a%2Fb%3Fc%23d%25e');
  assert.equal(segment('...', 'id'), '...');
  for (const climb of ['.', '..']) {
    assert.throws(() => segment(climb, 'session_id'), (err: unknown) => err instanceof ToolError && err.code === 'request.invalid' && err.details?.field === 'session_id');
  }
});
