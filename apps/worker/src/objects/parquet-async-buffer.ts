import type { AsyncBuffer } from 'hyparquet';
import type { ObjectSource } from './object-source.js';
import { UnreadableObjectError } from './unreadable-object-error.js';

export type SourceAsyncBuffer = {
  file: AsyncBuffer;
  /** the first error the source itself threw (network, S3), to rethrow untouched instead of calling the file corrupt */
  sourceError: () => unknown;
};

/**
 * hyparquet's view of the object: every read is a ranged read of the source. A range outside the
 * object can only come from a corrupt footer, so it is refused here rather than sent to S3.
 */
export function sourceAsyncBuffer(source: ObjectSource): SourceAsyncBuffer {
  let failure: unknown = undefined;
  const file: AsyncBuffer = {
    byteLength: source.size,
    async slice(start: number, end: number = source.size) {
      if (!(start >= 0 && end <= source.size && start <= end)) {
        throw new UnreadableObjectError({ reason: 'corrupt_parquet', message: `parquet metadata points at bytes ${start}-${end} of a ${source.size}-byte object` });
      }
      try {
        return await source.slice(start, end);
      } catch (error) {
        failure ??= error;
        throw error;
      }
    },
  };
  return { file, sourceError: () => failure };
}
