import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';

export type S3ObjectRef = { bucket: string; key: string; versionId: string | null };

/**
 * Ranged and streamed reads of one object version. Parquet needs random access (the footer first), line
 * formats a single stream; neither holds the whole object in memory.
 */
export async function openS3Object(s3: S3Client, ref: S3ObjectRef) {
  const base = { Bucket: ref.bucket, Key: ref.key, ...(ref.versionId ? { VersionId: ref.versionId } : {}) };
  // The size in a notification is the size then; an unversioned object may have been rewritten since
  // (a retry after a fix), and Parquet's footer is found from the real end of the object.
  const size = (await s3.send(new HeadObjectCommand(base))).ContentLength ?? 0;
  return {
    size,
    async slice(start: number, end: number): Promise<ArrayBuffer> {
      if (end <= start) return new ArrayBuffer(0);
      const res = await s3.send(new GetObjectCommand({ ...base, Range: `bytes=${start}-${end - 1}` }));
      const bytes = await res.Body!.transformToByteArray();
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
    async stream(): Promise<Readable> {
      const res = await s3.send(new GetObjectCommand(base));
      return res.Body as Readable;
    },
  };
}
