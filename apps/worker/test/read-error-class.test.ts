import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OBJECT_ERROR_CODES as CODES } from '@tai/core';
import { AssumeRoleError } from '../src/s3/assume-role-error.js';
import { classifyReadError } from '../src/s3/read-error-class.js';

const ROLE = 'arn:aws:iam::111122223333:role/teleport-audit';
// What the SDK throws: a named error with the HTTP status in $metadata.
const sdkError = (name: string, status: number | undefined, message = `${name} happened`) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });

test('STS refusing AssumeRole is the customer\'s trust policy or ExternalId, whatever S3 would say', () => {
  const { code, detail } = classifyReadError(new AssumeRoleError({ roleArn: ROLE, cause: sdkError('AccessDenied', 403, 'not authorized to perform: sts:AssumeRole') }));
  assert.equal(code, CODES.assumeRoleDenied);
  assert.match(detail, /^AssumeRole arn:aws:iam::111122223333:role\/teleport-audit: AccessDenied: not authorized/);
});

test('S3 refusing the read is the permissions policy, also when a HEAD brings only a 403', () => {
  assert.equal(classifyReadError(sdkError('AccessDenied', 403)).code, CODES.accessDenied);
  assert.deepEqual(classifyReadError(sdkError('Unknown', 403, 'UnknownError')), { code: CODES.accessDenied, detail: 'HTTP 403 Forbidden without error details' });
  assert.equal(classifyReadError(sdkError('AllAccessDisabled', 403)).code, CODES.accessDenied);
});

test('S3 not taking the credentials themselves is told apart from a refusal', () => {
  for (const name of ['ExpiredToken', 'InvalidToken', 'InvalidAccessKeyId', 'SignatureDoesNotMatch']) {
    assert.equal(classifyReadError(sdkError(name, name === 'ExpiredToken' || name === 'InvalidToken' ? 400 : 403)).code, CODES.credentialsRejected, name);
  }
});

test('nothing answering, from STS or S3, is unreachable rather than denied', () => {
  assert.equal(classifyReadError(socketError('ECONNREFUSED')).code, CODES.unreachable);
  assert.equal(classifyReadError(Object.assign(new Error('timed out'), { name: 'TimeoutError' })).code, CODES.unreachable);
  const viaSts = classifyReadError(new AssumeRoleError({ roleArn: ROLE, cause: socketError('ENOTFOUND') }));
  assert.equal(viaSts.code, CODES.unreachable);
  assert.match(viaSts.detail, /^AssumeRole .*ENOTFOUND/);
});

test('other AssumeRole failures (the worker\'s own credentials) are not blamed on the trust policy', () => {
  for (const [name, status] of [['InvalidClientTokenId', 403], ['ExpiredToken', 403], ['RegionDisabledException', 403], ['ValidationError', 400]] as const) {
    assert.equal(classifyReadError(new AssumeRoleError({ roleArn: ROLE, cause: sdkError(name, status) })).code, CODES.assumeRoleFailed, name);
  }
});

test('anything else keeps its own name and message under the generic code', () => {
  assert.deepEqual(classifyReadError(sdkError('InternalError', 500, 'We encountered an internal error')), { code: CODES.readFailed, detail: 'InternalError: We encountered an internal error' });
  assert.deepEqual(classifyReadError('a string'), { code: CODES.readFailed, detail: 'Error: a string' });
});
