import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCorpus } from '../../../test/support/corpus.js';
import { isKnownEventType, KNOWN_EVENT_TYPES } from '../src/completeness/known-event-types.js';

test('every event type in the sample corpus is known, except Teleport\'s own unknown', () => {
  const types = new Set(loadCorpus().map(({ event }) => event.event).filter((t): t is string => typeof t === 'string'));
  assert.equal(types.size, 191);
  assert.deepEqual([...types].filter((t) => !isKnownEventType(t)), ['unknown']);
});

test('the constants of Teleport\'s lib/events/api.go are known, old and new', () => {
  for (const type of ['session.start', 'user.login', 'db.session.query', 'access_request.create', 'port.remote_conn', 'workload_identity_x509_revocation.delete', 'bot_token.create']) {
    assert.ok(isKnownEventType(type), type);
  }
  assert.ok(KNOWN_EVENT_TYPES.size > 250);
});

test('a type from a newer Teleport, or a near miss in spelling, is unknown', () => {
  for (const type of ['quantum.teleport', 'Session.Start', 'session.start ', '', 'user.logins']) assert.equal(isKnownEventType(type), false, JSON.stringify(type));
});
