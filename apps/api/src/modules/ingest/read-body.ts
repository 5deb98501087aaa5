import type { Readable } from 'node:stream';
import { errors } from '@tai/core';

/**
 * Reads a request body into one Buffer. With a Content-Length the buffer is allocated once and filled in
 * place, so a large body costs its size once, not twice (chunks, then their concatenation, as a generic
 * reader does); the memory budget counts exactly that. A chunked body is gathered and joined at the end.
 */
export function readBody(payload: Readable, { contentLength, limit }: { contentLength: number | null; limit: number }): Promise<Buffer> {
  const tooLarge = () => errors.payloadTooLarge({ message: `The body exceeds ${limit} bytes` });
  if (contentLength !== null && contentLength > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const whole = contentLength === null ? null : Buffer.allocUnsafe(contentLength);
    const chunks: Buffer[] = [];
    let received = 0;
    const fail = (err: Error) => {
      payload.removeAllListeners('data');
      payload.resume();
      reject(err);
    };
    payload.on('data', (chunk: Buffer) => {
      if (received + chunk.length > (whole?.length ?? limit)) {
        fail(whole ? errors.badRequest({ message: 'The body is longer than its Content-Length' }) : tooLarge());
        return;
      }
      if (whole) chunk.copy(whole, received);
      else chunks.push(chunk);
      received += chunk.length;
    });
    payload.once('error', (err: Error & { statusCode?: number }) => {
      if (!(typeof err.statusCode === 'number' && err.statusCode >= 400)) err.statusCode = 400;
      reject(err);
    });
    payload.once('end', () => {
      if (whole && received !== whole.length) reject(errors.badRequest({ message: 'The body is shorter than its Content-Length' }));
      else resolve(whole ?? Buffer.concat(chunks, received));
    });
  });
}
