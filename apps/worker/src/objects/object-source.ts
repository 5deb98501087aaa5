import type { UnstorableReason } from '@tai/core';

/** Access to one stored object: ranged reads (Parquet needs the footer first) and a full stream (line formats). */
export type ObjectSource = {
  size: number;
  /** bytes [start, end) */
  slice(start: number, end: number): Promise<ArrayBuffer>;
  stream(): Promise<NodeJS.ReadableStream | AsyncIterable<Uint8Array>>;
};

export type ObjectRecord = {
  /** the Teleport event object, verbatim */
  record: Record<string, unknown>;
  /**
   * A time the container gives when the record itself may lack one: the Fluentd out_file TSV time
   * column (always set for TSV lines), or Parquet's `event_time` column when `event_data` has no
   * `time`. Null otherwise.
   */
  containerTime: Date | null;
  /** keys a forwarder added (e.g. Fluent Bit `date`), as @tai/core forwarderKeysFor returns them; [] for Parquet */
  forwarderKeys: string[];
};

export type BadRecordReason =
  | 'body.invalid_json'
  | 'body.invalid_line'
  | 'record.not_object'
  | 'record.too_large'
  | UnstorableReason;

export type BadRecord = {
  reason: BadRecordReason;
  message: string;
  /** `line N` (1-based; `line N value K` for the K-th value on a line), `element N` (0-based), `row N` (0-based) */
  location: string;
  /** the offending bytes, decompressed, capped at BAD_RECORD_BYTES_CAP */
  bytes: Buffer;
};

export type ObjectFormat = 'parquet' | 'ndjson' | 'json-array' | 'concatenated-json' | 'fluentd-tsv' | 'empty';

export type ReadOptions = {
  /** cap on one record's bytes as stored (event_data's UTF-8 length for Parquet) */
  maxRecordBytes: number;
  /** most records plus bad records per yielded batch */
  batchSize: number;
  /** cap on the stored (possibly compressed) object size */
  maxObjectBytes: number;
};

export type ObjectBatch = { records: ObjectRecord[]; bad: BadRecord[]; format: ObjectFormat };
