import assert from 'node:assert/strict';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { decode, decodeText, packMsgpack } from './ingest-support.js';

const A = { event: 'user.login', uid: 'u-1', success: true, ei: 0 };
const B = { event: 'session.start', uid: 'u-2', sid: 's-1', 'addr.remote': '10.0.0.1:22' };
const FORM = 'application/x-www-form-urlencoded';
const records = (result: { records: { record: Record<string, unknown> }[] }) => result.records.map(({ record }) => record);

test('a msgpack stream of maps, [t, rec] and [[t, meta], rec] entries yields the records in order', () => {
  const body = packMsgpack([A, [1_748_822_258, B], [[1_748_822_258.5, { tag: 'x' }], A]]);
  const result = decode({ body, contentType: 'application/msgpack' });
  assert.equal(result.framing, 'msgpack');
  assert.deepEqual(records(result), [A, B, A]);
});

test('msgpack values that are not records are quarantined with their msgpack bytes', () => {
  const body = packMsgpack([A, 42, ['a', 'b', 'c'], B]);
  const result = decode({ body, contentType: 'application/x-msgpack' });
  assert.deepEqual(records(result), [A, B]);
  assert.deepEqual(result.quarantined.map(({ reason }) => reason), ['record.not_object', 'record.not_object']);
  assert.deepEqual(result.quarantined[0]?.bytes, packMsgpack([42]));
  assert.equal(result.quarantined[0]?.context, `value at byte ${packMsgpack([A]).length}`);
});

test('a truncated msgpack stream keeps the values before the break and quarantines the rest', () => {
  const whole = packMsgpack([A, B]);
  const cut = packMsgpack([A]).length + 5;
  const result = decode({ body: whole.subarray(0, cut), contentType: 'application/msgpack' });
  assert.deepEqual(records(result), [A]);
  assert.equal(result.quarantined.length, 1);
  assert.equal(result.quarantined[0]?.reason, 'body.invalid_msgpack');
  assert.equal(result.quarantined[0]?.context, `value at byte ${packMsgpack([A]).length}`);
  assert.deepEqual(result.quarantined[0]?.bytes, whole.subarray(packMsgpack([A]).length, cut));
});

test('msgpack-only types become their JSON equivalents', () => {
  const body = packMsgpack([{ event: 'x', bin: Buffer.from('héllo'), big: 2n ** 40n, missing: undefined }]);
  assert.deepEqual(records(decode({ body, contentType: 'application/msgpack' })), [{ event: 'x', bin: 'héllo', big: 2 ** 40 }]);
});

test('JSON mislabelled as msgpack is read as JSON', () => {
  const result = decodeText({ text: `${JSON.stringify(A)}\n${JSON.stringify(B)}\n`, contentType: 'application/msgpack' });
  assert.deepEqual(records(result), [A, B]);
});

test('gzipped msgpack (Fluentd out_http with compress gzip) decodes', () => {
  const body = zlib.gzipSync(packMsgpack([A, B]));
  assert.deepEqual(records(decode({ body, contentEncoding: 'gzip', contentType: 'application/x-msgpack' })), [A, B]);
});

test('a form json= field holds one object or an array; other fields are ignored', () => {
  const single = decodeText({ text: `json=${encodeURIComponent(JSON.stringify(A))}&time=1748822258`, contentType: FORM });
  assert.equal(single.framing, 'form');
  assert.deepEqual(records(single), [A]);
  const many = decodeText({ text: new URLSearchParams({ json: JSON.stringify([A, B]) }).toString(), contentType: FORM });
  assert.deepEqual(records(many), [A, B]);
});

test('a form ndjson= field is read line by line, bad lines quarantined alone', () => {
  const ndjson = `${JSON.stringify(A)}\nnope\n${JSON.stringify(B)}\n`;
  const result = decodeText({ text: new URLSearchParams({ ndjson }).toString(), contentType: FORM });
  assert.deepEqual(records(result), [A, B]);
  assert.deepEqual(result.quarantined.map(({ reason, context }) => ({ reason, context })), [{ reason: 'body.invalid_json', context: 'ndjson field, line 2' }]);
});

test('a form without json or ndjson is quarantined whole as an invalid form', () => {
  const text = 'msg=hello&event=user.login';
  const result = decodeText({ text, contentType: FORM });
  assert.deepEqual(result.records, []);
  assert.deepEqual(result.quarantined.map(({ reason, bytes }) => ({ reason, text: bytes.toString() })), [{ reason: 'body.invalid_form', text }]);
});

test('a form json= field that is not JSON is quarantined with its value', () => {
  const result = decodeText({ text: 'json=%7Bbroken', contentType: FORM });
  assert.deepEqual(result.quarantined.map(({ reason, context, bytes }) => ({ reason, context, text: bytes.toString() })), [
    { reason: 'body.invalid_json', context: 'json field', text: '{broken' },
  ]);
});

test('curl -d with a JSON body (labelled as a form by curl) is read as JSON', () => {
  const result = decodeText({ text: JSON.stringify(A), contentType: FORM });
  assert.deepEqual(records(result), [A]);
});
