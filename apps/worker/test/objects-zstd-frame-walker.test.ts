import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decompress } from 'fzstd';
import { zstdStoredFrame } from '../../../test/support/zstd-frame.js';
import { UnreadableObjectError } from '../src/objects/index.js';
import { ZstdFrameWalker } from '../src/objects/zstd-frame-walker.js';

const content = Buffer.from('0123456789abcdef'.repeat(20_000)); // 320 KB: three stored blocks per frame
const frames = Buffer.concat([zstdStoredFrame(content), zstdStoredFrame(Buffer.alloc(0)), zstdStoredFrame(content)]);

function walk(input: Buffer, chunkSize: number): Buffer[] {
  const walker = new ZstdFrameWalker();
  const pieces: Buffer[] = [];
  for (let at = 0; at < input.length; at += chunkSize) pieces.push(...walker.split(input.subarray(at, at + chunkSize)));
  walker.finish();
  return pieces;
}

test('pieces cover the input exactly, and no piece holds the end of more than one block', () => {
  for (const chunkSize of [1, 1000, 65_536, frames.length]) {
    const pieces = walk(frames, chunkSize);
    assert.ok(Buffer.concat(pieces).equals(frames), `chunk size ${chunkSize}`);
    // 3 + 1 + 3 blocks: so at least 7 pieces however big the chunks.
    assert.ok(pieces.length >= 7, `chunk size ${chunkSize}: ${pieces.length} pieces`);
  }
  assert.ok(Buffer.from(decompress(frames)).equals(Buffer.concat([content, content])));
});

test('input ending inside a frame is reported as truncated', () => {
  assert.throws(() => walk(frames.subarray(0, frames.length - 5), 4096),
    (err: unknown) => err instanceof UnreadableObjectError && err.reason === 'corrupt_compression');
});

test('bytes that are not a zstd frame are refused', () => {
  assert.throws(() => walk(Buffer.concat([zstdStoredFrame(content), Buffer.from('nope')]), 4096),
    (err: unknown) => err instanceof UnreadableObjectError && err.reason === 'corrupt_compression');
});
