import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { pieces } from './byte-chunks.js';
import { UnreadableObjectError } from './unreadable-object-error.js';

/**
 * Streams gzip, multi-member included: Node's gunzip carries on into the next member, as
 * `gzip -d` does. Input goes through in small pieces with backpressure, so memory stays at about one
 * output chunk whatever the ratio. A zlib failure (bad data, truncated member) means the object is
 * unreadable; a failure of the source stream itself is rethrown untouched so the job can retry it.
 */
export async function* gunzipChunks(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let sourceError: unknown = undefined;
  const source = Readable.from(splitInput(input));
  const gunzip = createGunzip();
  source.on('error', (error) => {
    sourceError = error;
    gunzip.destroy(error);
  });
  source.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    if (sourceError !== undefined) throw sourceError;
    throw new UnreadableObjectError({ reason: 'corrupt_compression', message: `gzip stream is corrupt: ${(error as Error).message}`, cause: error });
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}

async function* splitInput(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of input) yield* pieces(chunk);
}
