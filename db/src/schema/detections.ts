import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { idColumn, tenantScoped, tstz } from './columns.js';
import { tenants } from './tenants.js';

/**
 * A tenant's detection rule as it stands: `definition` is the whole rule (the @tai/core Rule type, as its
 * YAML says), the other columns repeat what lists filter on. `builtin`: the rule came from the built-in
 * pack, so a newer pack may replace it while the tenant has not edited it. `enabled_at` starts a new_value
 * rule's learning.
 */
export const detectionRules = pgTable('detection_rules', {
  ...tenantScoped(),
  ruleId: text('rule_id').notNull(),
  version: integer('version').notNull(),
  title: text('title').notNull(),
  kind: text('kind').notNull(),
  severity: text('severity').notNull(),
  enabled: boolean('enabled').notNull(),
  builtin: boolean('builtin').notNull().default(false),
  edited: boolean('edited').notNull().default(false),
  definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
  enabledAt: tstz('enabled_at'),
  updatedAt: tstz('updated_at').notNull(),
  updatedBy: text('updated_by'),
}, (t) => [
  primaryKey({ name: 'detection_rules_pk', columns: [t.tenantId, t.ruleId] }),
  index('detection_rules_enabled_idx').on(t.tenantId, t.enabled),
  foreignKey({ name: 'detection_rules_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
]);

/** Every saved version of every rule, so an alert names the rule as it was when it fired. */
export const detectionRuleVersions = pgTable('detection_rule_versions', {
  ...tenantScoped(),
  ruleId: text('rule_id').notNull(),
  version: integer('version').notNull(),
  definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
  createdBy: text('created_by'),
}, (t) => [
  primaryKey({ name: 'detection_rule_versions_pk', columns: [t.tenantId, t.ruleId, t.version] }),
  foreignKey({ name: 'detection_rule_versions_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
]);

/**
 * What threshold, new_value and join rules remember between batches, one row per group key or join key
 * (rule-steps.ts), so an evaluation loads only the keys its events touch. `expires_at`: when the row can
 * no longer change an outcome (the window has passed), for the clean-up.
 */
export const detectionState = pgTable('detection_state', {
  tenantId: uuid('tenant_id').notNull(),
  ruleId: text('rule_id').notNull(),
  scope: text('scope', { enum: ['group', 'join'] }).notNull(),
  key: text('key').notNull(),
  state: jsonb('state').notNull(),
  expiresAt: tstz('expires_at'),
  updatedAt: tstz('updated_at').notNull(),
}, (t) => [
  primaryKey({ name: 'detection_state_pk', columns: [t.tenantId, t.ruleId, t.scope, t.key] }),
  index('detection_state_expires_idx').on(t.tenantId, t.expiresAt),
  foreignKey({ name: 'detection_state_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
]);

/**
 * Service-level, not tenant data: the events committed but not yet evaluated, one row per insert statement,
 * written in the inserting transaction: by ingest_event_batch for the rows some enabled rule can match (the
 * tenant's screen, migrations/0025), by a trigger on the events table for any other insert. Ids only.
 * Evaluating a row and deleting it commit together, which makes evaluation exactly once.
 */
export const detectionQueue = pgTable('detection_queue', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  eventIds: bigint('event_ids', { mode: 'number' }).array().notNull(),
  /** each event's time, beside its id: the pair finds the row through the (tenant_id, event_time, id) index */
  eventTimes: tstz('event_times').array().notNull().default(sql`'{}'`),
  minTime: tstz('min_time').notNull(),
  maxTime: tstz('max_time').notNull(),
  enqueuedAt: tstz('enqueued_at').notNull().default(sql`clock_timestamp()`),
}, (t) => [
  index('detection_queue_tenant_idx').on(t.tenantId, t.id),
]);

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;

/**
 * One alert: a rule's firings for one group key, deduplicated inside the rule's window (alert-dedup.ts).
 * Monitor alerts (completeness) have kind 'monitor', a source and details instead of events.
 */
export const alerts = pgTable('alerts', {
  id: idColumn(),
  ...tenantScoped(),
  kind: text('kind', { enum: ['detection', 'monitor'] }).notNull(),
  ruleId: text('rule_id').notNull(),
  ruleVersion: integer('rule_version').notNull(),
  title: text('title').notNull(),
  severity: text('severity').notNull(),
  alertKey: text('alert_key').notNull(),
  groupKey: text('group_key').notNull(),
  groupValues: jsonb('group_values').$type<Record<string, unknown>>().notNull(),
  sourceId: uuid('source_id'),
  details: jsonb('details').$type<Record<string, unknown>>(),
  firstSeen: tstz('first_seen').notNull(),
  lastSeen: tstz('last_seen').notNull(),
  eventCount: integer('event_count').notNull(),
  status: text('status', { enum: ALERT_STATUSES }).notNull().default('open'),
  acknowledgedAt: tstz('acknowledged_at'),
  acknowledgedBy: text('acknowledged_by'),
  resolvedAt: tstz('resolved_at'),
  resolvedBy: text('resolved_by'),
  updatedAt: tstz('updated_at').notNull(),
}, (t) => [
  index('alerts_created_idx').on(t.tenantId, t.createdAt.desc()),
  index('alerts_key_idx').on(t.tenantId, t.alertKey, t.createdAt.desc()),
  index('alerts_status_idx').on(t.tenantId, t.status, t.lastSeen.desc()),
  check('alerts_status_ck', sql`${t.status} in ('open', 'acknowledged', 'resolved')`),
  foreignKey({ name: 'alerts_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
]);

/** The events of an alert (the first ALERT_EVENT_LINKS of them; event_count counts all). */
export const alertEvents = pgTable('alert_events', {
  tenantId: uuid('tenant_id').notNull(),
  alertId: uuid('alert_id').notNull(),
  eventId: bigint('event_id', { mode: 'number' }).notNull(),
  eventTime: tstz('event_time').notNull(),
}, (t) => [
  primaryKey({ name: 'alert_events_pk', columns: [t.tenantId, t.alertId, t.eventTime, t.eventId] }),
  foreignKey({ name: 'alert_events_alert_fk', columns: [t.alertId], foreignColumns: [alerts.id] }).onDelete('cascade'),
]);

/** Where a tenant's alerts go. `sealed_secret`: the kind's secret settings as JSON, sealed (secret-box.ts). */
export const alertDestinations = pgTable('alert_destinations', {
  id: idColumn(),
  ...tenantScoped(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  config: jsonb('config').$type<Record<string, unknown>>().notNull(),
  sealedSecret: text('sealed_secret').notNull(),
  minSeverity: text('min_severity').notNull().default('low'),
  enabled: boolean('enabled').notNull().default(true),
  updatedAt: tstz('updated_at').notNull(),
}, (t) => [
  uniqueIndex('alert_destinations_name_uq').on(t.tenantId, t.name),
  foreignKey({ name: 'alert_destinations_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
]);

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

/**
 * The durable outbox: one row per alert and destination (or per "send test"), written in the transaction
 * that creates the alert, so an alert is never lost because a destination was down.
 */
export const alertDeliveries = pgTable('alert_deliveries', {
  id: idColumn(),
  ...tenantScoped(),
  alertId: uuid('alert_id'),
  destinationId: uuid('destination_id').notNull(),
  test: boolean('test').notNull().default(false),
  status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: tstz('next_attempt_at').notNull(),
  lastStatus: integer('last_status'),
  lastError: text('last_error'),
  deliveredAt: tstz('delivered_at'),
  updatedAt: tstz('updated_at').notNull(),
}, (t) => [
  index('alert_deliveries_alert_idx').on(t.tenantId, t.alertId),
  index('alert_deliveries_destination_idx').on(t.tenantId, t.destinationId, t.createdAt.desc()),
  check('alert_deliveries_status_ck', sql`${t.status} in ('pending', 'delivered', 'failed')`),
  foreignKey({ name: 'alert_deliveries_alert_fk', columns: [t.alertId], foreignColumns: [alerts.id] }).onDelete('cascade'),
  foreignKey({ name: 'alert_deliveries_destination_fk', columns: [t.destinationId], foreignColumns: [alertDestinations.id] }).onDelete('cascade'),
  foreignKey({ name: 'alert_deliveries_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete('cascade'),
]);

/** Each attempt of a delivery, as the destination answered it. */
export const alertDeliveryAttempts = pgTable('alert_delivery_attempts', {
  tenantId: uuid('tenant_id').notNull(),
  deliveryId: uuid('delivery_id').notNull(),
  attempt: integer('attempt').notNull(),
  at: tstz('at').notNull(),
  outcome: text('outcome').notNull(),
  status: integer('status'),
  error: text('error'),
  durationMs: integer('duration_ms').notNull(),
  responseSnippet: text('response_snippet'),
}, (t) => [
  primaryKey({ name: 'alert_delivery_attempts_pk', columns: [t.tenantId, t.deliveryId, t.attempt] }),
  foreignKey({ name: 'alert_delivery_attempts_delivery_fk', columns: [t.deliveryId], foreignColumns: [alertDeliveries.id] }).onDelete('cascade'),
]);

/**
 * Service-level, not tenant data: the deliveries waiting for an attempt and when, across tenants, so the
 * delivery loop can find them while alert_deliveries stays behind row-level security.
 */
export const alertDeliveryDue = pgTable('alert_delivery_due', {
  deliveryId: uuid('delivery_id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  nextAttemptAt: tstz('next_attempt_at').notNull(),
}, (t) => [
  index('alert_delivery_due_next_idx').on(t.nextAttemptAt),
]);
