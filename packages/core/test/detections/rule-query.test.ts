import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../src/errors.js';
import { compileRuleQuery } from '../../src/detections/matcher/rule-query.js';
import { normalizeOk } from '../normalize-support.js';

const refused = (query: string, construct: RegExp) =>
  assert.throws(() => compileRuleQuery(query), (err: unknown) => {
    assert.ok(err instanceof AppError);
    assert.equal(err.code, 'rule.invalid');
    assert.match(err.message, construct);
    assert.equal(typeof err.details?.position, 'number');
    return true;
  }, query);

test('a rule query compiles to a predicate over a normalized event', () => {
  const { predicate } = compileRuleQuery('event:session.start login:root');
  assert.equal(predicate(normalizeOk({ event: 'session.start', time: '2026-01-01T00:00:00Z', login: 'root' })), true);
  assert.equal(predicate(normalizeOk({ event: 'session.start', time: '2026-01-01T00:00:00Z', login: 'alice' })), false);
});

test('time ranges are refused in rules: a rule has its own window', () => {
  refused('event:user.login time:>2026-01-01T00:00:00Z', /time: is not supported in rules/);
  refused('event_time:<2026-01-01', /time: is not supported in rules/);
  refused('received_at:>2026-01-01', /received_at: is not supported/);
});

test('source: is refused in rules, naming what to use instead', () => {
  refused('source:prod-fleet', /source: is not supported in rules.*cluster: or node:/);
});

test('relative times are refused in rules, absolute ones are kept', () => {
  refused('cert_expires:<now+1d', /relative to now/);
  refused('session_start:>-24h', /relative to now/);
  const { predicate } = compileRuleQuery('cert_expires:>2030-01-01T00:00:00Z');
  assert.equal(predicate(normalizeOk({ event: 'cert.create', time: '2026-01-01T00:00:00Z', identity: { expires: '2031-01-01T00:00:00Z' } })), true);
});

test('a CIDR block with bits right of its mask is refused: Postgres would fail the whole search', () => {
  refused('ip:10.1.0.0/8', /write the network address/);
  assert.doesNotThrow(() => compileRuleQuery('ip:10.0.0.0/8'));
});

test('syntax and field errors keep the search language position and hint', () => {
  assert.throws(() => compileRuleQuery('usr:alice'), (err: AppError) => err.code === 'rule.invalid' && /Unknown field "usr"/.test(err.message) && err.details?.position === 0);
  assert.throws(() => compileRuleQuery('(event:exec'), (err: AppError) => err.code === 'rule.invalid' && /Expected "\)"/.test(err.message));
  assert.throws(() => compileRuleQuery('   '), /a rule needs a query/);
});
