// Shapes of the sources routes (apps/api/src/modules/sources/*.ts) and the only calls the sources pages make.
import { api } from '../../api/client';
import type { Finding } from './finding-text';

export type SourceType = 'teleport_webhook' | 'teleport_s3';

export type WebhookState = { tokenPrefix: string; tokenRotatedAt: string | null; previousTokenValidUntil: string | null };

export type Source = {
  id: string;
  type: SourceType | string;
  name: string;
  config: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  lastEventAt: string | null;
  webhook: WebhookState | null;
};

export type SourceHealth = {
  lastEventAt: string | null;
  eventsLast24h: number;
  duplicatesLast24h: number;
  rejectsLast24h: number;
  rejectsTotal: number;
  eventsWithoutTimeLast24h: number;
  warnings: { code: string; message: string }[];
  /** the completeness monitor's open findings: a silent source, session gaps, unknown event types… */
  findings: Finding[];
};

export type SourceDetail = Source & { health: SourceHealth };

export type WebhookSetup = {
  webhookUrl: string;
  sessionUrl: string;
  eventHandlerToml: string;
  fluentdConf: string;
  fluentBitConf: string;
  vectorToml: string;
  curl: string;
};

export type S3Setup = {
  externalId: string;
  access: 'role' | 'worker-credentials' | string;
  trustPolicy: Record<string, unknown>;
  permissionsPolicy: Record<string, unknown>;
  bucketNotification: Record<string, unknown>;
  notificationTarget: { kind: 'customer-queue'; queueUrl: string } | { kind: 'service-topic'; topicArn: string | null };
  commands: string[];
  notes: string[];
  /** e.g. s3.no_service_queue: nothing will announce new objects as configured */
  warnings: { code: string; message: string }[];
};

export type WebhookSecret = { token: string; url: string; sessionUrl: string; setup: WebhookSetup };

export type SourceWithSecret = { source: Source; webhook: WebhookSecret | null; warnings?: { code: string; message: string }[] };

export type Reject = {
  id: string;
  receivedAt: string;
  reason: string;
  message: string;
  contentType: string | null;
  context: string | null;
  payloadSize: number;
  payloadTruncated: boolean;
  payloadText: string | null;
  payloadBase64: string;
};

export const OBJECT_STATUSES = ['queued', 'processing', 'done', 'skipped', 'missing', 'failed'] as const;
export type ObjectStatus = (typeof OBJECT_STATUSES)[number];

export type IngestedObject = {
  id: string;
  bucket: string;
  key: string;
  etag: string;
  versionId: string | null;
  size: number | null;
  via: string;
  status: ObjectStatus | string;
  attempts: number;
  lastError: string | null;
  format: string | null;
  events: { total: number; inserted: number; duplicate: number; badRecords: number };
  firstSeenAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

export type BackfillRun = {
  id: string;
  sourceId: string;
  status: 'queued' | 'listing' | 'done' | 'failed' | string;
  from: string | null;
  to: string | null;
  prefix: string | null;
  objects: { listed: number; queued: number; skipped: number };
  progress: { prefixesTotal: number; prefixesDone: number; currentPrefix: string | null };
  lastError: string | null;
  requestedByKeyId: string | null;
  requestedByUserId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

export type Histogram = {
  interval: string;
  from: string;
  to: string;
  groups: { key: string; total: number }[];
  buckets: { start: string; total: number; counts: Record<string, number> }[];
};

export type CreateSourceBody =
  | { type: 'teleport_webhook'; name: string; config?: { clusterName?: string } }
  | { type: 'teleport_s3'; name: string; config: Record<string, string> };

export type Cursor<T> = { data: T[]; nextCursor: string | null };

const path = (id: string) => `/v1/sources/${encodeURIComponent(id)}`;

export const sourcesApi = {
  list: (signal?: AbortSignal) => api.get<{ data: Source[] }>('/v1/sources', undefined, signal),
  get: (id: string, signal?: AbortSignal) => api.get<SourceDetail>(path(id), undefined, signal),
  setup: (id: string, signal?: AbortSignal) => api.get<WebhookSetup | S3Setup>(`${path(id)}/setup`, undefined, signal),
  create: (body: CreateSourceBody) => api.post<SourceWithSecret>('/v1/sources', body),
  update: (id: string, changes: { name?: string; config?: Record<string, unknown> }) => api.patch<Source>(path(id), changes),
  remove: (id: string) => api.del<void>(path(id)),
  rotateToken: (id: string, force: boolean) => api.post<SourceWithSecret>(`${path(id)}/rotate-token`, undefined, force ? { force: true } : undefined),
  rejects: (id: string, cursor: string | null, signal?: AbortSignal) =>
    api.get<Cursor<Reject>>(`${path(id)}/rejects`, { limit: 50, cursor }, signal),
  objects: (id: string, query: { status?: ObjectStatus | null; cursor?: string | null; limit?: number }, signal?: AbortSignal) =>
    api.get<Cursor<IngestedObject>>(`${path(id)}/objects`, { limit: query.limit ?? 50, status: query.status, cursor: query.cursor }, signal),
  retryObject: (id: string, objectId: string) => api.post<IngestedObject>(`${path(id)}/objects/${encodeURIComponent(objectId)}/retry`),
  backfills: (id: string, signal?: AbortSignal) => api.get<{ data: BackfillRun[] }>(`${path(id)}/backfills`, { limit: 20 }, signal),
  startBackfill: (id: string, body: { from?: string; to?: string; prefix?: string }) => api.post<BackfillRun>(`${path(id)}/backfill`, body),
  /** Hourly counts of the last 24 h per source, by event time, from the rollups (one query for all sources). */
  hourlyBySource: (signal?: AbortSignal) =>
    api.get<Histogram>('/v1/events/histogram', { from: '-24h', interval: '1h', group_by: 'source', top: 50 }, signal),
  hourlyForSource: (id: string, signal?: AbortSignal) =>
    api.get<Histogram>('/v1/events/histogram', { q: `source:${id}`, from: '-24h', interval: '1h' }, signal),
};

export const isWebhookSetup = (setup: WebhookSetup | S3Setup): setup is WebhookSetup => 'webhookUrl' in setup;
