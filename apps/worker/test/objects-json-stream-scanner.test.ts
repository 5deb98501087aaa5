import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonStreamScanner, type ScannedValue } from '../src/objects/json-stream-scanner.js';

function scan(text: string, { chunkSize, maxValueBytes = Number.POSITIVE_INFINITY, unwrapArrays = false }: { chunkSize: number; maxValueBytes?: number; unwrapArrays?: boolean }): ScannedValue[] {
  const scanner = new JsonStreamScanner({ maxValueBytes, unwrapArrays });
  const bytes = Buffer.from(text);
  const out: ScannedValue[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) out.push(...scanner.push(bytes.subarray(at, at + chunkSize)));
  return [...out, ...scanner.end()];
}

const tricky = [
  { message: 'braces }{ and ][ inside a string', path: 'C:\\dir\\', quote: 'say \\"hi\\" }' },
  { nested: { list: [1, [2, { deep: '"]' }]] }, empty: {}, none: [] },
  { unicode: 'héllo \u2028 ☃', escaped: '\\u007d' },
];

test('values split the same whatever the chunk boundaries, brackets and escapes inside strings included', () => {
  const text = tricky.map((v) => JSON.stringify(v)).join('') + '\n' + JSON.stringify(tricky[0], null, 2);
  for (const chunkSize of [1, 2, 3, 7, 64, 10_000]) {
    const values = scan(text, { chunkSize });
    assert.deepEqual(values.map((v) => JSON.parse(v.bytes.toString())), [...tricky, tricky[0]], `chunk size ${chunkSize}`);
    assert.ok(values.every((v) => v.complete));
    assert.deepEqual(values.map((v) => [v.line, v.ordinalOnLine, v.index]), [[1, 1, 0], [1, 2, 1], [1, 3, 2], [2, 1, 3]]);
  }
});

test('with unwrapArrays, elements of top-level arrays come out one by one and nested arrays stay whole', () => {
  const text = ` [ ${JSON.stringify(tricky[0])} , ${JSON.stringify(tricky[1])},[1,2], 3, "s", null ]\n[${JSON.stringify(tricky[2])}]`;
  for (const chunkSize of [1, 5, 1000]) {
    const values = scan(text, { chunkSize, unwrapArrays: true });
    assert.deepEqual(values.map((v) => v.bytes.toString()), [
      JSON.stringify(tricky[0]), JSON.stringify(tricky[1]), '[1,2]', '3', '"s"', 'null', JSON.stringify(tricky[2]),
    ]);
    assert.deepEqual(values.map((v) => v.index), [0, 1, 2, 3, 4, 5, 6]);
  }
});

test('a value over the cap keeps only its head, and the next value is still found', () => {
  const big = JSON.stringify({ pad: 'z'.repeat(100_000), tricky: '}{' });
  const values = scan(`${big}{"after":1}`, { chunkSize: 4096, maxValueBytes: 1000 });
  assert.equal(values.length, 2);
  assert.equal(values[0]?.size, big.length);
  assert.equal(values[0]?.bytes.length, 64 * 1024);
  assert.equal(values[1]?.bytes.toString(), '{"after":1}');
});

test('input ending inside a value gives it back incomplete; a bare token at the end is complete', () => {
  assert.deepEqual(scan('{"a":1}{"b":"unterminated', { chunkSize: 3 }).map((v) => [v.bytes.toString(), v.complete]), [
    ['{"a":1}', true], ['{"b":"unterminated', false],
  ]);
  assert.deepEqual(scan('{"a":1} 42', { chunkSize: 3 }).map((v) => [v.bytes.toString(), v.complete]), [['{"a":1}', true], ['42', true]]);
});
