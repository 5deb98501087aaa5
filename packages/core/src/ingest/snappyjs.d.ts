// snappyjs ships no types; only the two functions we call are declared.
declare module 'snappyjs' {
  /** Raw (block format) snappy; throws when the stream is invalid or longer than `maxLength`. */
  export function uncompress<T extends Uint8Array | ArrayBuffer>(compressed: T, maxLength?: number): T;
  export function compress<T extends Uint8Array | ArrayBuffer>(uncompressed: T): T;
}
