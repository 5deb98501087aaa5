import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeS3EventKey } from '../src/s3/index.js';

test('%20 and plus both decode to a space', () => {
  assert.equal(decodeS3EventKey('Happy%20Face.jpg'), 'Happy Face.jpg');
  assert.equal(decodeS3EventKey('Happy+Face.jpg'), 'Happy Face.jpg');
});

test('plus becomes a space before %2B becomes a plus, so literal pluses survive', () => {
  assert.equal(decodeS3EventKey('a%2Bb+c'), 'a+b c');
  assert.equal(decodeS3EventKey('this+im+%2B+age+blah.txt'), 'this im + age blah.txt');
});

test('equals, colon and multi-byte UTF-8 escapes decode; slashes are left alone', () => {
  assert.equal(decodeS3EventKey('x%3Dy%3Az'), 'x=y:z');
  assert.equal(decodeS3EventKey('logs/caf%C3%A9.log'), 'logs/café.log');
  assert.equal(decodeS3EventKey('events/2024-05-01/a.parquet'), 'events/2024-05-01/a.parquet');
});

test('a malformed escape leaves the plus-decoded key', () => {
  assert.equal(decodeS3EventKey('100%+done+%ZZ'), '100% done %ZZ');
  assert.equal(decodeS3EventKey('bad%E0%A4%A'), 'bad%E0%A4%A');
});
