/**
 * The only error `decodeIngestBody` throws: the body (or what it inflates to) is over the cap. It is
 * thrown rather than quarantined because storing it would defeat the cap; the route answers 413
 * (teleport-wire.md §7.3), which forwarders treat as "drop", never reached by the Event Handler.
 */
export class PayloadTooLargeError extends Error {
  readonly limitBytes: number;

  constructor({ limitBytes, message }: { limitBytes: number; message: string }) {
    super(message);
    this.name = 'PayloadTooLargeError';
    this.limitBytes = limitBytes;
  }
}

export function tooLarge({ limitBytes, what }: { limitBytes: number; what: string }): PayloadTooLargeError {
  return new PayloadTooLargeError({ limitBytes, message: `${what} exceeds the ${limitBytes}-byte limit` });
}
