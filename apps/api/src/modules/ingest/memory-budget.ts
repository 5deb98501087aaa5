/**
 * The bytes that ingest bodies may hold in memory at once, across all requests of this process. Each
 * request leases what its body will cost before that memory is spent (the body as received before it is
 * read, its inflated size and parse cost before it is inflated), so a burst of large bodies is answered
 * 503 + Retry-After instead of growing the heap until the process dies. A request that could never fit,
 * even alone, is refused by configuration (config.ts), so no body is answered 503 forever.
 */
export type MemoryBudget = ReturnType<typeof createMemoryBudget>;

export function createMemoryBudget({ bytes, onReleased = () => undefined }: { bytes: number; onReleased?: (bytes: number) => void }) {
  let inUse = 0;
  return {
    total: bytes,
    available: (): number => bytes - inUse,
    inUse: (): number => inUse,
    /** A per-request account: everything it reserved is given back once, by release(). */
    lease() {
      let held = 0;
      return {
        /** Raises what the lease holds to `total` bytes; false (and nothing more reserved) when the budget cannot now. */
        ensure(total: number): boolean {
          const more = total - held;
          if (more <= 0) return true;
          if (inUse + more > bytes) return false;
          inUse += more;
          held += more;
          return true;
        },
        held: (): number => held,
        /** what the whole budget has free now */
        available: (): number => bytes - inUse,
        release(): void {
          if (held === 0) return;
          inUse -= held;
          onReleased(held);
          held = 0;
        },
      };
    },
  };
}

export type MemoryLease = ReturnType<MemoryBudget['lease']>;

/**
 * What one request costs in memory: the body as sent, the inflated copy when a Content-Encoding was undone,
 * and parsing, normalizing and committing what it inflates to.
 */
export const bodyCost = ({ sentBytes, inflatedBytes, inflated }: { sentBytes: number; inflatedBytes: number; inflated: boolean }): number =>
  sentBytes + (inflated ? inflatedBytes : 0) + inflatedBytes * PARSED_BYTES_PER_BODY_BYTE;

/** The largest inflated size that `room` bytes of budget can still pay for. */
export const inflatedBytesWithin = (room: number): number => Math.max(0, Math.floor(room / (1 + PARSED_BYTES_PER_BODY_BYTE)));

/**
 * Memory per byte of decompressed body while it is parsed, normalized and committed, beyond the body itself.
 * Live data is small (parsed records about 0.5x, one slice of normalized events), but the garbage of each
 * slice's insert statement (its JSON text and the driver's copy of it, several times the events' own size)
 * is collected only every so often, and peak RSS counts it: measured at 6-9x for 13 MB JSON arrays and
 * 31 MB NDJSON bodies, up to 10x with several at once (BENCHMARKS.md, ingest memory), hence 12, with a margin.
 */
export const PARSED_BYTES_PER_BODY_BYTE = 12;

/** Thrown by the ingest use case when a body's inflated or parsed size does not fit the budget now (503). */
export class MemoryBudgetExhaustedError extends Error {
  constructor() {
    super('the ingest memory budget is exhausted');
    this.name = 'MemoryBudgetExhaustedError';
  }
}
