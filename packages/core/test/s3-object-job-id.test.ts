import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { objectJobId } from '../src/s3/index.js';

const OBJECT = { sourceId: 'src_7f3a', bucket: 'acme-audit', key: 'events/2024-05-01/a:b.parquet', eTag: 'd41d8cd98f00b204e9800998ecf8427e' };

test('the job id is obj- plus the sha256 of source, bucket, key and ETag joined by newlines', () => {
  const expected = createHash('sha256').update('src_7f3a\nacme-audit\nevents/2024-05-01/a:b.parquet\nd41d8cd98f00b204e9800998ecf8427e').digest('hex');
  assert.equal(objectJobId(OBJECT), `obj-${expected}`);
});

test('the job id is stable and contains no colon even when the key does', () => {
  assert.equal(objectJobId(OBJECT), objectJobId({ ...OBJECT }));
  assert.match(objectJobId(OBJECT), /^obj-[0-9a-f]{64}$/);
});

test('a quoted ETag from the S3 API gives the same id as the bare one from a notification', () => {
  assert.equal(objectJobId({ ...OBJECT, eTag: '"d41d8cd98f00b204e9800998ecf8427e"' }), objectJobId(OBJECT));
});

test('each input changes the id, and the separator keeps fields from running together', () => {
  const ids = new Set([
    objectJobId(OBJECT),
    objectJobId({ ...OBJECT, sourceId: 'src_other' }),
    objectJobId({ ...OBJECT, bucket: 'acme-audit-2' }),
    objectJobId({ ...OBJECT, key: 'events/2024-05-02/a.parquet' }),
    objectJobId({ ...OBJECT, eTag: '0cc175b9c0f1b6a831c399e269772661' }),
    objectJobId({ sourceId: 'a', bucket: 'bcd', key: 'k', eTag: 'e' }),
    objectJobId({ sourceId: 'ab', bucket: 'cd', key: 'k', eTag: 'e' }),
  ]);
  assert.equal(ids.size, 7);
});
