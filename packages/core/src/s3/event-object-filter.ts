export type ObjectFilterDecision = { ingest: true } | { ingest: false; reason: string };
export type ObjectFilter = (key: string) => ObjectFilterDecision;

export const OBJECT_FILTER_SKIP_REASONS = {
  outsidePrefix: 'outside_prefix',
  folderMarker: 'folder_marker',
  accessMonitoringReport: 'access_monitoring_report',
  sessionRecording: 'session_recording',
} as const;

const skip = (reason: string): ObjectFilterDecision => ({ ingest: false, reason });
const INGEST: ObjectFilterDecision = { ingest: true };

/**
 * Decides from the (decoded) key alone whether an object is worth a GET. The rule:
 *
 * 1. With a prefix, only keys under `<prefix>/` qualify; the prefix names a folder, as in EAS's
 *    `events` and the IAM resource `arn:aws:s3:::<bucket>/<prefix>/*`. No prefix means the whole bucket.
 * 2. Folder markers are skipped: keys ending in `/` (console "Create folder") and `_$folder$` (Hadoop/S3
 *    Organizer).
 * 3. `report_results/` anywhere in the path is Access Monitoring output sharing the EAS bucket.
 * 4. `.tar` objects are Teleport session recordings (protobuf streams, lib/events/s3sessions), which
 *    EAS must keep in the same bucket as events.
 * 5. Everything else is ingested. EAS writes `<prefix>/YYYY-MM-DD/<uuidv7>.parquet`, but Fluentd
 *    (`logs/20240501_0.gz`), Fluent Bit (no extension) and Vector (`….log.gz`) write other names, and
 *    the object job sniffs the bytes (sniffContainer) instead of trusting the extension. An unreadable
 *    object then ends `failed` with a visible reason, which beats silently never reading it.
 */
export function eventObjectFilter({ prefix }: { prefix: string | null }): ObjectFilter {
  const folder = prefix === null ? '' : prefix.replace(/\/+$/, '');
  const under = folder === '' ? null : `${folder}/`;
  return (key) => {
    if (under !== null && !key.startsWith(under)) return skip(OBJECT_FILTER_SKIP_REASONS.outsidePrefix);
    if (key.endsWith('/') || key.endsWith('_$folder$')) return skip(OBJECT_FILTER_SKIP_REASONS.folderMarker);
    if (`/${key}`.includes('/report_results/')) return skip(OBJECT_FILTER_SKIP_REASONS.accessMonitoringReport);
    if (key.toLowerCase().endsWith('.tar')) return skip(OBJECT_FILTER_SKIP_REASONS.sessionRecording);
    return INGEST;
  };
}
