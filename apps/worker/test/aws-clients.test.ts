import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { createSecretBox } from '@tai/core';
import type { SourceRow } from '@tai/db';
import { createAwsClients } from '../src/s3/aws-clients.js';

const box = createSecretBox(randomBytes(32).toString('base64'));
const source = (config: Record<string, unknown>) => ({ id: '01a2', config }) as unknown as SourceRow;

test('a source with static keys is read with those keys, opened from their sealed form', async () => {
  const aws = createAwsClients({ region: 'us-east-1', endpoint: null, secretBox: box });
  const client = aws.s3For(source({ bucket: 'b', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKeySealed: box.seal('secret-value-1234567') }));
  const credentials = await client.config.credentials();
  assert.equal(credentials.accessKeyId, 'AKIAIOSFODNN7EXAMPLE');
  assert.equal(credentials.secretAccessKey, 'secret-value-1234567');
  aws.close();
});

test('a source with static keys cannot be read without the secrets key', () => {
  const aws = createAwsClients({ region: 'us-east-1', endpoint: null });
  assert.throws(() => aws.s3For(source({ bucket: 'b', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKeySealed: box.seal('x'.repeat(20)) })), /SECRETS_ENCRYPTION_KEY/);
  aws.close();
});

test('clients are cached per source and rebuilt when its access settings change', () => {
  const aws = createAwsClients({ region: 'us-east-1', endpoint: null, secretBox: box });
  const a = aws.s3For(source({ bucket: 'b', region: 'eu-west-1' }));
  assert.equal(aws.s3For(source({ bucket: 'b', region: 'eu-west-1' })), a);
  assert.notEqual(aws.s3For(source({ bucket: 'b', region: 'eu-west-2' })), a);
  aws.close();
});
