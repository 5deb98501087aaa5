import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { createSecretBox, isSecretsKey } from '../src/secret-box.js';

const key = randomBytes(32).toString('base64');

test('a sealed secret opens to the same text and never contains it', () => {
  const box = createSecretBox(key);
  const sealed = box.seal('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
  assert.ok(!sealed.includes('wJalrXUtnFEMI'));
  assert.equal(box.open(sealed), 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
  assert.notEqual(box.seal('same'), box.seal('same'), 'a fresh IV each time');
});

test('a tampered secret or another key fails to open', () => {
  const sealed = createSecretBox(key).seal('secret');
  const parts = sealed.split('.');
  parts[3] = Buffer.from('other').toString('base64url');
  assert.throws(() => createSecretBox(key).open(parts.join('.')));
  assert.throws(() => createSecretBox(randomBytes(32).toString('base64')).open(sealed));
  assert.throws(() => createSecretBox(key).open('plain text'));
});

test('only 32-byte base64 keys are accepted', () => {
  assert.equal(isSecretsKey(key), true);
  assert.equal(isSecretsKey(randomBytes(16).toString('base64')), false);
  assert.throws(() => createSecretBox(randomBytes(16).toString('base64')));
});
