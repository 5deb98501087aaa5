export { readObjectRecords } from './read-object-records.js';
export { UnreadableObjectError, type UnreadableReason } from './unreadable-object-error.js';
export { BAD_RECORD_BYTES_CAP } from './read-item.js';
export { sniffContainer, type Container } from './sniff-object.js';
export type { BadRecord, BadRecordReason, ObjectBatch, ObjectFormat, ObjectRecord, ObjectSource, ReadOptions } from './object-source.js';
