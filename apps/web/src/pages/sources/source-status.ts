// The one rule for "is this source working?", shared by the list and the source page.
import type { SourceHealth } from './sources-api';

export type SourceStatus = 'receiving' | 'silent' | 'failing' | 'waiting';

/**
 * A Teleport cluster in use emits events every few minutes (logins, certificates, sessions), and the Event
 * Handler and EAS deliver within a minute, so an hour without anything is worth a look, not yet an alarm.
 */
export const SILENT_AFTER_MS = 60 * 60 * 1000;

export type StatusInput = {
  lastEventAt: string | null;
  health?: Pick<SourceHealth, 'eventsLast24h' | 'rejectsLast24h'> | undefined;
  failedObjects?: number | undefined;
};

export function sourceStatus({ lastEventAt, health, failedObjects = 0 }: StatusInput, now = Date.now()): SourceStatus {
  // Rejected input with nothing stored means the sender is set up but sending something we cannot read.
  const rejectingOnly = health !== undefined && health.rejectsLast24h > 0 && health.eventsLast24h === 0;
  if (rejectingOnly || failedObjects > 0) return 'failing';
  if (!lastEventAt) return 'waiting';
  if (now - new Date(lastEventAt).getTime() > SILENT_AFTER_MS) return 'silent';
  return 'receiving';
}

export const STATUS_LABEL: Record<SourceStatus, string> = {
  receiving: 'Receiving',
  silent: 'Silent',
  failing: 'Failing',
  waiting: 'Waiting for the first event',
};

export const STATUS_TONE: Record<SourceStatus, 'good' | 'warn' | 'bad' | 'info'> = {
  receiving: 'good',
  silent: 'warn',
  failing: 'bad',
  waiting: 'info',
};

export const STATUS_HELP: Record<SourceStatus, string> = {
  receiving: 'Events arrived in the last hour.',
  silent: 'No event for more than an hour: check that the sender is running.',
  failing: 'Input is being rejected or S3 objects failed: see the quarantine or the objects.',
  waiting: 'Nothing has arrived yet: configure the sender with the setup below.',
};

export const SOURCE_TYPE_LABEL: Record<string, string> = {
  teleport_webhook: 'Webhook',
  teleport_s3: 'S3 (External Audit Storage)',
};
