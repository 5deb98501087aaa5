import { bigint, boolean, foreignKey, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { tstz } from './columns.js';
import { tenants } from './tenants.js';

/**
 * One row per session, kept by the ingest batch from the rows it inserts, for the session list and its
 * completeness filter: who started it, where, when it began and ended, and enough of its `ei` sequence
 * (count and highest index) to tell whether any event is missing. The session view itself reads the events.
 */
export const sessionSummaries = pgTable('session_summaries', {
  tenantId: uuid('tenant_id').notNull(),
  sessionId: text('session_id').notNull(),
  firstEventAt: tstz('first_event_at').notNull(),
  lastEventAt: tstz('last_event_at').notNull(),
  startedAt: tstz('started_at'),
  endedAt: tstz('ended_at'),
  initiator: text('initiator'),
  /** when the initiator's event happened: an earlier event (arriving later) takes the place */
  initiatorAt: tstz('initiator_at'),
  login: text('login'),
  serverHostname: text('server_hostname'),
  serverId: text('server_id'),
  clusterName: text('cluster_name'),
  kubernetesCluster: text('kubernetes_cluster'),
  dbService: text('db_service'),
  appName: text('app_name'),
  desktopAddr: text('desktop_addr'),
  participants: text('participants').array().notNull(),
  eventCount: bigint('event_count', { mode: 'number' }).notNull(),
  /** events with an ordinary ei (0 to 2^31-3; session.data and session.upload carry reserved ones) */
  indexedCount: bigint('indexed_count', { mode: 'number' }).notNull(),
  maxIndex: bigint('max_index', { mode: 'number' }),
  hasEnd: boolean('has_end').notNull(),
}, (t) => [
  primaryKey({ name: 'session_summaries_pk', columns: [t.tenantId, t.sessionId] }),
  // The list's order (newest start first) for wide ranges, and the sessions still active since `from` for narrow ones.
  index('session_summaries_recent_idx').on(t.tenantId, t.firstEventAt.desc(), t.sessionId.desc()),
  index('session_summaries_active_idx').on(t.tenantId, t.lastEventAt.desc(), t.firstEventAt, t.sessionId),
  foreignKey({ name: 'session_summaries_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
]);
