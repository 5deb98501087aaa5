import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeText } from './ingest-support.js';

const records = (result: { records: { record: Record<string, unknown> }[] }) => result.records.map(({ record }) => record);
const parts = (result: { quarantined: { reason: string; context: string | null; bytes: Buffer }[] }) =>
  result.quarantined.map(({ reason, context, bytes }) => ({ reason, context, text: bytes.toString('utf8') }));

test('an empty or whitespace-only body has framing empty and no records', () => {
  for (const text of ['', '   \r\n\t', '\ufeff', '\ufeff\n\n']) {
    for (const contentType of [undefined, 'application/json', 'application/x-ndjson', 'application/x-www-form-urlencoded']) {
      const result = decodeText({ text, ...(contentType ? { contentType } : {}) });
      assert.equal(result.framing, 'empty', `${JSON.stringify(text)} as ${contentType}`);
      assert.deepEqual(result.records, []);
      assert.deepEqual(result.quarantined, []);
    }
  }
});

test('a single object is framing object (the Event Handler)', () => {
  const result = decodeText({ text: '{"event":"user.login","uid":"u-1"}', contentType: 'application/json' });
  assert.equal(result.framing, 'object');
  assert.deepEqual(records(result), [{ event: 'user.login', uid: 'u-1' }]);
});

test('a UTF-8 BOM and surrounding whitespace are ignored', () => {
  const result = decodeText({ text: '\ufeff \n [{"event":"a"},{"event":"b"}] \n', contentType: 'application/json' });
  assert.equal(result.framing, 'array');
  assert.deepEqual(records(result), [{ event: 'a' }, { event: 'b' }]);
  const ndjson = decodeText({ text: '\ufeff{"event":"a"}\n{"event":"b"}\n', contentType: 'application/x-ndjson' });
  assert.deepEqual(records(ndjson), [{ event: 'a' }, { event: 'b' }]);
});

test('a bad line amid good ones is quarantined alone with its line number', () => {
  const text = '{"event":"a"}\n\n{"event": truncated\r\n{"event":"c"}\n';
  for (const contentType of ['application/x-ndjson', 'application/json']) {
    const result = decodeText({ text, contentType });
    assert.equal(result.framing, 'ndjson', contentType);
    assert.deepEqual(records(result), [{ event: 'a' }, { event: 'c' }]);
    assert.deepEqual(parts(result), [{ reason: 'body.invalid_json', context: 'line 3', text: '{"event": truncated' }]);
  }
});

test('a body that is not JSON at all is quarantined whole as invalid JSON', () => {
  for (const text of ['hello world', 'hello\nworld\n', '<html><body>502</body></html>', '[1, 2']) {
    const result = decodeText({ text, contentType: 'application/json' });
    assert.deepEqual(result.records, [], text);
    assert.deepEqual(parts(result), [{ reason: 'body.invalid_json', context: null, text: text.trim() }], text);
  }
});

test('concatenated values split on }{, } { and }\\n{ and keep strings with braces and escaped quotes intact', () => {
  const tricky = { event: 'exec', command: 'echo "}{" \\"] [{', path: 'C:\\dir\\', message: '{"not":"nested"}' };
  const text = `${JSON.stringify(tricky)}{"event":"b"} {"event":"c"}\n{"event":"d"}\t{"event":"e"}`;
  const result = decodeText({ text, contentType: 'application/json' });
  assert.equal(result.framing, 'concatenated');
  assert.deepEqual(records(result), [tricky, { event: 'b' }, { event: 'c' }, { event: 'd' }, { event: 'e' }]);
});

test('a broken value amid concatenated ones is quarantined alone with its byte offset', () => {
  const text = '{"event":"a"}{"event":}{"event":"c"}';
  const result = decodeText({ text, contentType: 'application/json' });
  assert.equal(result.framing, 'concatenated');
  assert.deepEqual(records(result), [{ event: 'a' }, { event: 'c' }]);
  assert.deepEqual(parts(result), [{ reason: 'body.invalid_json', context: 'value at byte 13', text: '{"event":}' }]);
});

test('pretty-printed concatenated objects with one broken object keep the good ones', () => {
  const good = JSON.stringify({ event: 'a', nested: { x: 1 } }, null, 2);
  const text = `${good}\n{\n  "event": oops\n}\n${good}`;
  const result = decodeText({ text, contentType: 'application/json' });
  assert.equal(result.framing, 'concatenated');
  assert.equal(result.records.length, 2);
  assert.equal(result.quarantined.length, 1);
  assert.match(result.quarantined[0]?.context ?? '', /^value at byte \d+$/);
});

test('an unterminated last value is quarantined and the values before it kept', () => {
  const result = decodeText({ text: '{"event":"a"}{"event":"b"}{"event":"c", "x": [', contentType: 'application/json' });
  assert.deepEqual(records(result), [{ event: 'a' }, { event: 'b' }]);
  assert.deepEqual(parts(result), [{ reason: 'body.invalid_json', context: 'value at byte 26', text: '{"event":"c", "x": [' }]);
});

test('comma-separated objects without brackets are split too', () => {
  const result = decodeText({ text: '{"event":"a"},\n{"event":"b"}', contentType: 'application/json' });
  assert.deepEqual(records(result), [{ event: 'a' }, { event: 'b' }]);
});

test('NDJSON sent as application/json, with or without a final newline, is read line by line', () => {
  for (const text of ['{"event":"a"}\n{"event":"b"}', '{"event":"a"}\r\n{"event":"b"}\r\n']) {
    const result = decodeText({ text, contentType: 'application/json' });
    assert.equal(result.framing, 'ndjson');
    assert.deepEqual(records(result), [{ event: 'a' }, { event: 'b' }]);
  }
});

test('a JSON document pretty-printed under an NDJSON label is read whole', () => {
  const events = [{ event: 'a' }, { event: 'b' }];
  const result = decodeText({ text: JSON.stringify(events, null, 2), contentType: 'application/x-ndjson' });
  assert.equal(result.framing, 'array');
  assert.deepEqual(records(result), events);
});

test('an array on an NDJSON line is a batch whose elements are the records', () => {
  const result = decodeText({ text: '[{"event":"a"},{"event":"b"}]\n[{"event":"c"},7]\n', contentType: 'application/x-ndjson' });
  assert.deepEqual(records(result), [{ event: 'a' }, { event: 'b' }, { event: 'c' }]);
  assert.deepEqual(parts(result), [{ reason: 'record.not_object', context: 'line 2, element 1', text: '7' }]);
});

test('the media type label is case-insensitive and its parameters are ignored', () => {
  const result = decodeText({ text: '{"event":"a"}\n{"event":"b"}\n', contentType: 'Application/X-NDJSON; charset=UTF-8' });
  assert.equal(result.framing, 'ndjson');
  assert.equal(result.records.length, 2);
});
