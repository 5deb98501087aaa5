import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventObjectFilter } from '../src/s3/index.js';

const eas = eventObjectFilter({ prefix: 'events' });

test('EAS Parquet objects under the prefix are ingested', () => {
  assert.deepEqual(eas('events/2024-05-01/01904b5e-7c1a-7d2e-9f00-3b2c1d4e5f60.parquet'), { ingest: true });
  assert.deepEqual(eas('events/1999-12-31/0190aaaa-0000-7000-8000-000000000000.parquet'), { ingest: true });
});

test('keys outside the prefix, including ones merely starting with its letters, are skipped', () => {
  assert.deepEqual(eas('sessions/2024-05-01/a.parquet'), { ingest: false, reason: 'outside_prefix' });
  assert.deepEqual(eas('events-archive/2024-05-01/a.parquet'), { ingest: false, reason: 'outside_prefix' });
  assert.deepEqual(eas('events'), { ingest: false, reason: 'outside_prefix' });
});

test('session recordings are skipped whether under the prefix or beside it', () => {
  const wholeBucket = eventObjectFilter({ prefix: null });
  assert.deepEqual(wholeBucket('sessions/5b2f1c0e-7a51-4b8e-9c10-a1b2c3d4e5f6.tar'), { ingest: false, reason: 'session_recording' });
  assert.deepEqual(eas('events/5b2f1c0e-7a51-4b8e-9c10-a1b2c3d4e5f6.tar'), { ingest: false, reason: 'session_recording' });
});

test('folder markers are skipped', () => {
  assert.deepEqual(eas('events/2024-05-01/'), { ingest: false, reason: 'folder_marker' });
  assert.deepEqual(eas('events/'), { ingest: false, reason: 'folder_marker' });
  assert.deepEqual(eas('events/2024-05-01_$folder$'), { ingest: false, reason: 'folder_marker' });
});

test('Access Monitoring report_results are skipped', () => {
  const wholeBucket = eventObjectFilter({ prefix: null });
  assert.deepEqual(wholeBucket('report_results/2024/05/01/report.csv'), { ingest: false, reason: 'access_monitoring_report' });
  assert.deepEqual(eas('events/report_results/x.json'), { ingest: false, reason: 'access_monitoring_report' });
});

test('forwarder objects under the prefix are ingested whatever their extension', () => {
  const logs = eventObjectFilter({ prefix: 'logs' });
  for (const key of [
    'logs/20240501_0.gz', // Fluentd out_s3 default
    'logs/fluent-bit-logs/teleport.audit/2024/05/01/12/00/01-objectAbCdEfGh', // Fluent Bit: no extension
    'logs/date=2024-05-01/1714564801-0a1b2c3d-4e5f-6789-abcd-ef0123456789.log.gz', // Vector
    'logs/a.log', 'logs/a.json', 'logs/a.ndjson', 'logs/a.jsonl', 'logs/a.zst',
  ]) assert.deepEqual(logs(key), { ingest: true }, key);
});

test('a null, empty or slash-terminated prefix is handled like the folder it names', () => {
  assert.deepEqual(eventObjectFilter({ prefix: null })('anything/at/all.gz'), { ingest: true });
  assert.deepEqual(eventObjectFilter({ prefix: '' })('top-level.gz'), { ingest: true });
  assert.deepEqual(eventObjectFilter({ prefix: 'events/' })('events/2024-05-01/a.parquet'), { ingest: true });
});
