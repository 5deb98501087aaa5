import assert from 'node:assert/strict';
import { test } from 'node:test';
import { objectErrorWarnings } from '../src/modules/sources/object-health.js';

const source = { id: 'src-1', config: { bucket: 'acme-audit', prefix: 'events', roleArn: 'arn:aws:iam::111122223333:role/ta', externalId: 'tai-abc' } };
const group = (errorCode: string | null, status: string, objects: number, latestError = `${errorCode} error`) => ({ errorCode, status, objects, latestKey: `events/${status}.gz`, latestError });

test('retrying and failed objects of one cause make one warning that counts both and quotes the current error', () => {
  const [warning, ...rest] = objectErrorWarnings([group('s3.assume_role_denied', 'failed', 3, 'old'), group('s3.assume_role_denied', 'queued', 2, 'attempt 1/8: AssumeRole …: AccessDenied')], source);
  assert.equal(rest.length, 0);
  assert.equal(warning!.code, 's3.assume_role_denied');
  assert.match(warning!.message, /^5 objects could not be read \(2 retrying, 3 failed\)\. AWS refused to let the service assume the role arn:aws:iam::111122223333:role\/ta /);
  assert.ok(warning!.message.includes('sts:ExternalId "tai-abc"'));
  assert.ok(warning!.message.endsWith('Latest: events/queued.gz: attempt 1/8: AssumeRole …: AccessDenied'));
});

test('only failed objects are pointed at the retry endpoint; retrying ones retry by themselves', () => {
  const [retrying] = objectErrorWarnings([group('s3.unreachable', 'queued', 1)], source);
  assert.ok(!retrying!.message.includes('/retry'));
  const [failed] = objectErrorWarnings([group('s3.access_denied', 'failed', 1)], source);
  assert.ok(failed!.message.includes('POST /v1/sources/src-1/objects/{objectId}/retry'));
  assert.ok(failed!.message.includes('arn:aws:s3:::acme-audit/events/*'));
});

test('errors recorded without a code, and codes this version does not know, still warn, as read failures', () => {
  const warnings = objectErrorWarnings([group(null, 'failed', 1, 'attempt 8/8: InternalError: oops'), group('s3.something_new', 'failed', 1)], source);
  assert.deepEqual(warnings.map((w) => w.code), ['s3.read_failed', 's3.something_new']);
  assert.match(warnings[0]!.message, /^1 object could not be read \(1 failed\)\. See the objects for each error\./);
});

test('a source with no object errors has no object warnings', () => {
  assert.deepEqual(objectErrorWarnings([], source), []);
});
