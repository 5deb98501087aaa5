import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reconcileListing } from '../src/completeness/s3-reconcile.js';

const obj = (key: string, etag = `"${key}-etag"`) => ({ key, etag, size: 100 });

test('listed objects never recorded are missing, failed ones failed, queued ones pending', () => {
  const listed = [obj('a'), obj('b'), obj('c'), obj('d'), obj('e'), obj('f')];
  const known = [
    { key: 'a', etag: 'a-etag', status: 'done' },
    { key: 'b', etag: 'b-etag', status: 'failed' },
    { key: 'c', etag: 'c-etag', status: 'queued' },
    { key: 'd', etag: 'd-etag', status: 'processing' },
    { key: 'e', etag: 'e-etag', status: 'skipped' },
  ];
  assert.deepEqual(reconcileListing({ listed, known }), {
    missing: [obj('f')],
    failed: [{ ...obj('b'), status: 'failed' }],
    pending: [{ ...obj('c'), status: 'queued' }, { ...obj('d'), status: 'processing' }],
  });
});

test('quoted and bare ETags are one object; another ETag is an object overwritten since, never recorded', () => {
  const result = reconcileListing({ listed: [obj('a', '"v1"'), obj('b', '"v2"')], known: [{ key: 'a', etag: 'v1', status: 'done' }, { key: 'b', etag: 'v1', status: 'done' }] });
  assert.deepEqual(result.missing, [obj('b', '"v2"')]);
  assert.deepEqual(result.failed, []);
});

test('an object recorded as gone when read but listed now is failed, not settled', () => {
  assert.deepEqual(reconcileListing({ listed: [obj('a')], known: [{ key: 'a', etag: '"a-etag"', status: 'missing' }] }).failed, [{ ...obj('a'), status: 'missing' }]);
});

test('an empty listing finds nothing, whatever is known', () => {
  assert.deepEqual(reconcileListing({ listed: [], known: [{ key: 'a', etag: 'x', status: 'failed' }] }), { missing: [], failed: [], pending: [] });
});
