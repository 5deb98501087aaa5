import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { readBody } from '../src/modules/ingest/read-body.js';

const stream = (...chunks: string[]) => Readable.from(chunks.map((c) => Buffer.from(c)));

test('a body with a Content-Length is read whole; a chunked one is joined', async () => {
  assert.equal(String(await readBody(stream('ab', 'cd', 'e'), { contentLength: 5, limit: 10 })), 'abcde');
  assert.equal(String(await readBody(stream('ab', 'cd'), { contentLength: null, limit: 10 })), 'abcd');
  assert.equal((await readBody(stream(), { contentLength: 0, limit: 10 })).length, 0);
});

test('oversize bodies are 413 (before reading when declared), and a length that lies is 400', async () => {
  await assert.rejects(readBody(stream('x'), { contentLength: 11, limit: 10 }), (err: { statusCode: number }) => err.statusCode === 413);
  await assert.rejects(readBody(stream('123456', '7890a'), { contentLength: null, limit: 10 }), (err: { statusCode: number }) => err.statusCode === 413);
  await assert.rejects(readBody(stream('abc'), { contentLength: 5, limit: 10 }), (err: { statusCode: number; message: string }) => err.statusCode === 400 && /shorter/.test(err.message));
  await assert.rejects(readBody(stream('abcdef'), { contentLength: 5, limit: 10 }), (err: { statusCode: number; message: string }) => err.statusCode === 400 && /longer/.test(err.message));
});
