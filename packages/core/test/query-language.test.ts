import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { cidrRange, parseInstant, parseQuery, QuerySyntaxError, resolveQuery, type Condition } from '../src/index.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const resolve = (q: string) => resolveQuery(parseQuery(q), { now: NOW });
/** A compact picture of a resolved query: field=match, AND/OR/NOT. */
function show(c: Condition | null): string {
  if (!c) return '*';
  switch (c.kind) {
    case 'and': return `(${c.items.map(show).join(' & ')})`;
    case 'or': return `(${c.items.map(show).join(' | ')})`;
    case 'not': return `!${show(c.item)}`;
    case 'text': return `text(${c.value})`;
    case 'raw': return `raw[${c.path.join('/')}]${JSON.stringify(c.match)}`;
    case 'field': {
      const m = c.match;
      const what = m.kind === 'equals' ? `=${m.value}` : m.kind === 'pattern' ? `~${m.pattern}` : m.kind === 'exists' ? ' exists' : m.kind === 'cidr' ? ` in ${m.value}` : ` ${m.op} ${m.value}`;
      return `${c.field.name}${what}`;
    }
  }
}

test('fields use Teleport\'s names; juxtaposition is AND; OR, NOT, - and parentheses group', () => {
  assert.equal(show(resolve('user:alice event:session.start')), '(user=alice & event=session.start)');
  assert.equal(show(resolve('user:alice AND (login:root OR login:admin)')), '(user=alice & (login=root | login=admin))');
  assert.equal(show(resolve('NOT success:true -user:bob')), '(!success=true & !user=bob)');
  assert.equal(show(resolve('-(a OR b)')), '!(text(a) | text(b))');
  assert.equal(show(resolve('a OR b c')), '(text(a) | (text(b) & text(c)))', 'AND binds tighter than OR');
  assert.equal(show(resolve('')), '*');
  assert.equal(show(resolve('   ')), '*');
});

test('aliases, wildcards, codes, comparisons, CIDRs and times resolve to typed matches', () => {
  assert.equal(show(resolve('actor:alice')), 'user=alice');
  assert.equal(show(resolve('event:session.*')), 'event~session.%');
  assert.equal(show(resolve('code:t1000w')), 'code=T1000W');
  assert.equal(show(resolve('command:*curl*')), 'command~%curl%');
  assert.equal(show(resolve('user:a_b%*')), 'user~a\\_b\\%%', 'LIKE metacharacters in values are literal');
  assert.equal(show(resolve('exit_code:>0')), 'exit_code gt 0');
  assert.equal(show(resolve('tx_bytes:>=1000')), 'tx_bytes gte 1000');
  assert.equal(show(resolve('ip:10.0.0.0/8')), 'ip in 10.0.0.0/8');
  assert.equal(show(resolve('ip:2001:db8::/32')), 'ip in 2001:db8::/32');
  assert.equal(show(resolve('ip:192.0.2.7')), 'ip=192.0.2.7');
  assert.equal(show(resolve('time:>2026-05-01T10:00:00.123456Z')), 'time gt 2026-05-01T10:00:00.123456Z');
  assert.equal(show(resolve('time:>-24h')), 'time gt 2026-05-31T12:00:00.000000Z');
  assert.equal(show(resolve('user:*')), 'user exists');
  assert.equal(show(resolve('node:"prod web 1"')), 'server_hostname=prod web 1', 'node: a host name');
  assert.equal(show(resolve('node:00b54ef5-ae1e-425f-8565-c71b01d8f7b8')), 'server_id=00b54ef5-ae1e-425f-8565-c71b01d8f7b8', 'node: a server id');
  assert.equal(show(resolve('"rm -rf /"')), 'text(rm -rf /)');
  assert.equal(show(resolve('raw.identity.user:bob')), 'raw[identity/user]{"kind":"equals","value":"bob"}');
  assert.equal(show(resolve('raw."addr.remote":*')), 'raw[addr.remote]{"kind":"exists"}');
  assert.equal(show(resolve('raw.size:>10')), 'raw[size]{"kind":"compare","op":"gt","value":10}');
});

const errorOf = (q: string): QuerySyntaxError => {
  try {
    resolve(q);
  } catch (err) {
    if (err instanceof QuerySyntaxError) return err;
    throw err;
  }
  assert.fail(`${q} parsed`);
};

test('syntax errors say where, what was expected, and how to fix it', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['user:', 5, /value after "user:"/],
    ['(user:alice', 11, /Expected "\)"/],
    ['user:alice)', 10, /Unexpected "\)"/],
    ['user:alice OR', 13, /after OR/],
    ['NOT', 3, /after NOT/],
    ['"unterminated', 0, /Unterminated/],
    ['usr:alice', 0, /Unknown field "usr"/],
    ['exit_code:abc', 0, /whole number/],
    ['exit_code:1.5', 0, /whole number/],
    ['ip:10.0.0.300', 0, /IP address or a CIDR/],
    ['ip:10.0.0.0/33', 0, /CIDR/],
    ['success:yes', 0, /true or false/],
    ['user:>alice', 0, /cannot be compared/],
    ['time:>yesterday', 0, /takes a time/],
    ['()', 0, /Empty parentheses/],
    ['a AND AND b', 6, /after AND/],
  ];
  for (const [q, position, message] of cases) {
    const err = errorOf(q);
    assert.equal(err.position, position, q);
    assert.match(err.message, message, q);
    assert.ok(err.expected.length > 0, q);
  }
  assert.match(errorOf('usr:alice').hint ?? '', /user/, 'an unknown field lists the known ones');
});

test('hostile queries are values, never syntax: quotes, SQL and keywords inside values stay text', () => {
  assert.equal(show(resolve(`user:"alice' OR 1=1 --"`)), "user=alice' OR 1=1 --");
  assert.equal(show(resolve(`"'; drop table sources; --"`)), "text('; drop table sources; --)");
  assert.equal(show(resolve('user:"a\\"b"')), 'user=a"b');
  assert.equal(show(resolve('user:OR')), 'user=OR');
  assert.equal(show(resolve('or and not')), '(text(or) & text(and) & text(not))', 'keywords are upper-case only');
  assert.throws(() => resolve('('.repeat(40) + 'a' + ')'.repeat(40)), /deeper/);
  assert.throws(() => resolve('a '.repeat(3_000)), /limit|terms/);
});

test('relative and absolute times resolve against now', () => {
  assert.equal(parseInstant('now', NOW), '2026-06-01T12:00:00.000000Z');
  assert.equal(parseInstant('-24h', NOW), '2026-05-31T12:00:00.000000Z');
  assert.equal(parseInstant('now-7d', NOW), '2026-05-25T12:00:00.000000Z');
  assert.equal(parseInstant('now-15m', NOW), '2026-06-01T11:45:00.000000Z');
  assert.equal(parseInstant('2026-01-31', NOW), '2026-01-31T00:00:00.000000Z');
  assert.equal(parseInstant('2026-01-31T00:00:00.1234567Z', NOW), '2026-01-31T00:00:00.123456Z');
  assert.equal(parseInstant('2026-12-01T17:26:00', NOW), '2026-12-01T17:26:00.000000Z', 'no offset: UTC, as the dashboard shows times');
  assert.equal(parseInstant('2026-12-01 17:26', NOW), '2026-12-01T17:26:00.000000Z');
  assert.equal(parseInstant('2026-12-01T17:26:00+02:00', NOW), '2026-12-01T15:26:00.000000Z');
  assert.equal(parseInstant('0000-01-01T00:00:00Z', NOW), null);
  assert.equal(parseInstant('last tuesday', NOW), null);
});

test('any input either parses or fails with a QuerySyntaxError at a position inside it (fuzzed)', () => {
  const pieces = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('(', ')', ' AND ', ' OR ', 'NOT ', '-', '"', 'user:', 'exit_code:>', 'ip:', 'raw.a.b:', '*', ':', '\\'));
  fc.assert(fc.property(fc.array(pieces, { maxLength: 12 }).map((p) => p.join('')), (q) => {
    try {
      resolve(q);
    } catch (err) {
      assert.ok(err instanceof QuerySyntaxError, `${JSON.stringify(q)} threw ${String(err)}`);
      assert.ok(err.position >= 0 && err.position <= q.length, `${JSON.stringify(q)}: position ${err.position}`);
    }
  }), { numRuns: 3_000 });
});

test('a CIDR block becomes its first and last address, v4 and v6', () => {
  assert.deepEqual(cidrRange('10.0.0.0/8'), { first: '10.0.0.0', last: '10.255.255.255' });
  assert.deepEqual(cidrRange('192.0.2.77/26'), { first: '192.0.2.64', last: '192.0.2.127' });
  assert.deepEqual(cidrRange('0.0.0.0/0'), { first: '0.0.0.0', last: '255.255.255.255' });
  assert.deepEqual(cidrRange('2001:db8::/32'), { first: '2001:db8:0:0:0:0:0:0', last: '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff' });
  assert.deepEqual(cidrRange('::ffff:10.0.0.1/120'), { first: '0:0:0:0:0:ffff:a00:0', last: '0:0:0:0:0:ffff:a00:ff' });
  assert.equal(cidrRange('10.0.0.0'), null);
});
