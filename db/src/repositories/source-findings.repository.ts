import { uuidv7, type FindingKind, type SessionFacts } from '@tai/core';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { DbClient, Tx } from '../client.js';
import { completenessSourceBaselines, completenessState, sourceFindings, sources, tenantRetention, tenants } from '../schema/index.js';

export type FindingRow = typeof sourceFindings.$inferSelect;
/** A finding to open: what it is about, and what to tell whoever reads it. */
export type FindingDraft = { sourceId: string | null; kind: FindingKind; subject: string; details: Record<string, unknown> };
export type NewEventType = { eventType: string; firstSeenAt: Date; sourceId: string | null };
/** Where a scan of session summaries stopped: last_event_at as Postgres prints it (microseconds kept), and the id. */
export type SessionCursor = { at: string; sessionId: string };
export type SessionSummaryFacts = SessionFacts & { sessionId: string; cursor: SessionCursor };
export type SourceFindingsRepository = ReturnType<typeof createSourceFindingsRepository>;

// Ordinary session indices: session.data and session.upload carry MaxInt32-1 and MaxInt32 (lib/events/api.go).
const MAX_ORDINARY_INDEX = 2_147_483_645;

// Raw statements get timestamps as drizzle leaves them (text); as epoch milliseconds they need no parsing.
const ms = (column: string) => sql.raw(`(extract(epoch FROM ${column}) * 1000)::float8`);
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(Number(v)));

const toFacts = (r: Record<string, unknown>): SessionSummaryFacts => ({
  sessionId: String(r.session_id),
  eventCount: Number(r.event_count),
  indexedCount: Number(r.indexed_count),
  maxIndex: r.max_index === null ? null : Number(r.max_index),
  hasEnd: Boolean(r.has_end),
  startedAt: dateOrNull(r.started_ms),
  endedAt: dateOrNull(r.ended_ms),
  lastEventAt: new Date(Number(r.last_ms)),
  cursor: { at: String(r.cursor_at), sessionId: String(r.session_id) },
});
const SUMMARY = sql`session_id, event_count, indexed_count, max_index, has_end, ${ms('started_at')} AS started_ms, ${ms('ended_at')} AS ended_ms,
  ${ms('last_event_at')} AS last_ms, last_event_at::text AS cursor_at`;

/** What the monitor learned about a source as of its tenant's learned_at. */
export type SourceBaseline = { sourceId: string; usualGapSeconds: number | null; rejectBaselinePerHour: number };
/** Where the monitor's scans of a tenant stopped; null where none ran yet. */
export type MonitorProgress = { gapCursor: SessionCursor | null; staleCursor: SessionCursor | null; eventTypesScannedAt: Date | null };
export type LearnedState = MonitorProgress & { learnedAt: Date | null; longOpenSeconds: number | null; baselines: SourceBaseline[] };

/** Writes part of the tenant's monitor state, making the row on the first write. */
async function upsertState(tx: Tx, { tenantId, now, values }: { tenantId: string; now: Date; values: Partial<typeof completenessState.$inferInsert> }) {
  await tx.insert(completenessState).values({ tenantId, updatedAt: now, ...values })
    .onConflictDoUpdate({ target: completenessState.tenantId, set: { ...values, updatedAt: now } });
}

/** Opens each draft unless the same finding is open already (the partial unique index); returns those opened. */
async function openDrafts(tx: Tx, { tenantId, now, drafts }: { tenantId: string; now: Date; drafts: FindingDraft[] }): Promise<FindingRow[]> {
  if (drafts.length === 0) return [];
  return tx.insert(sourceFindings)
    .values(drafts.map((d) => ({ ...d, tenantId, id: uuidv7(), state: 'open' as const, openedAt: now, updatedAt: now })))
    // The ids are fresh, so the only conflict there can be is with source_findings_open_uq.
    .onConflictDoNothing()
    .returning();
}

/**
 * The completeness monitor's findings, and the reads it evaluates them from. Every read is one tenant's, bounded
 * by `limit`; the only cross-tenant read is the list of tenant ids (tenant_retention, as the retention job does).
 */
export const createSourceFindingsRepository = ({ client }: { client: DbClient }) => ({
  tenantIds: async (): Promise<string[]> =>
    (await client.db.select({ tenantId: tenantRetention.tenantId }).from(tenantRetention).orderBy(asc(tenantRetention.tenantId))).map((r) => r.tenantId),

  openFindings: ({ tenantId, limit }: { tenantId: string; limit: number }) =>
    client.withTenant(tenantId, (tx) => tx.select().from(sourceFindings)
      .where(and(eq(sourceFindings.tenantId, tenantId), eq(sourceFindings.state, 'open')))
      .orderBy(asc(sourceFindings.kind), asc(sourceFindings.openedAt)).limit(limit)),

  /** A source's open findings, newest first, for its health. */
  openForSource: ({ tenantId, sourceId, limit }: { tenantId: string; sourceId: string; limit: number }) =>
    client.withTenant(tenantId, (tx) => tx.select().from(sourceFindings)
      .where(and(eq(sourceFindings.tenantId, tenantId), eq(sourceFindings.sourceId, sourceId), eq(sourceFindings.state, 'open')))
      .orderBy(desc(sourceFindings.openedAt)).limit(limit)),

  /** The tenant's sources, each with its own silence bounds and the tenant's beside them. */
  sources: ({ tenantId, limit }: { tenantId: string; limit: number }) =>
    client.withTenant(tenantId, (tx) => tx.select({
      id: sources.id, type: sources.type, config: sources.config, lastEventAt: sources.lastEventAt,
      silence: { silenceFloorSeconds: sources.silenceFloorSeconds, silenceCeilingSeconds: sources.silenceCeilingSeconds },
      tenantSilence: { silenceFloorSeconds: tenants.silenceFloorSeconds, silenceCeilingSeconds: tenants.silenceCeilingSeconds },
    }).from(sources).innerJoin(tenants, eq(tenants.id, sources.tenantId))
      .where(eq(sources.tenantId, tenantId)).orderBy(asc(sources.id)).limit(limit)),

  /** What the monitor learned about the tenant and where its scans stopped; all null before its first run. */
  learnedState: ({ tenantId }: { tenantId: string }) =>
    client.withTenant(tenantId, async (tx): Promise<LearnedState> => {
      const [[state], baselines] = await Promise.all([
        tx.select().from(completenessState).where(eq(completenessState.tenantId, tenantId)),
        tx.select({ sourceId: completenessSourceBaselines.sourceId, usualGapSeconds: completenessSourceBaselines.usualGapSeconds, rejectBaselinePerHour: completenessSourceBaselines.rejectBaselinePerHour })
          .from(completenessSourceBaselines).where(eq(completenessSourceBaselines.tenantId, tenantId)),
      ]);
      return {
        learnedAt: state?.learnedAt ?? null, longOpenSeconds: state?.longOpenSeconds ?? null,
        gapCursor: state?.gapCursor ?? null, staleCursor: state?.staleCursor ?? null, eventTypesScannedAt: state?.eventTypesScannedAt ?? null,
        baselines,
      };
    }),

  /** Replaces what was learned about the tenant's sources, as of `now`, and where the scans stopped. */
  saveLearned: ({ tenantId, now, longOpenSeconds, baselines, progress }: { tenantId: string; now: Date; longOpenSeconds: number; baselines: SourceBaseline[]; progress: MonitorProgress }) =>
    client.withTenant(tenantId, async (tx) => {
      await upsertState(tx, { tenantId, now, values: { learnedAt: now, longOpenSeconds, ...progress } });
      await tx.delete(completenessSourceBaselines).where(eq(completenessSourceBaselines.tenantId, tenantId));
      if (baselines.length > 0) await tx.insert(completenessSourceBaselines).values(baselines.map((b) => ({ ...b, tenantId, learnedAt: now })));
    }),

  /** Records where the scans stopped, when the run had nothing else to write. */
  saveProgress: ({ tenantId, now, progress }: { tenantId: string; now: Date; progress: MonitorProgress }) =>
    client.withTenant(tenantId, (tx) => upsertState(tx, { tenantId, now, values: progress })),

  /** A source's learned usual gap (null: too little history, or not learned yet) and when it was learned. */
  sourceBaseline: ({ tenantId, sourceId }: { tenantId: string; sourceId: string }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.select({ usualGapSeconds: completenessSourceBaselines.usualGapSeconds, learnedAt: completenessSourceBaselines.learnedAt })
        .from(completenessSourceBaselines).where(and(eq(completenessSourceBaselines.tenantId, tenantId), eq(completenessSourceBaselines.sourceId, sourceId)));
      return row ?? null;
    }),

  /** The tenant's own silence bounds (null: the defaults), for a source's health. */
  tenantSilence: ({ tenantId }: { tenantId: string }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.select({ silenceFloorSeconds: tenants.silenceFloorSeconds, silenceCeilingSeconds: tenants.silenceCeilingSeconds })
        .from(tenants).where(eq(tenants.id, tenantId));
      return row ?? null;
    }),

  /** The hourly ingest counters since `since`, every source's, newest hour first (a limit keeps the recent ones). */
  hourly: ({ tenantId, since, limit }: { tenantId: string; since: Date; limit: number }) =>
    client.withTenant(tenantId, async (tx) => {
      const { rows } = await tx.execute<{ source_id: string; hour_ms: number; events: number; rejects: number }>(sql`
        SELECT source_id, ${ms('hour')} AS hour_ms, events, rejects FROM source_ingest_hourly
         WHERE tenant_id = ${tenantId} AND hour >= ${since} ORDER BY hour DESC LIMIT ${limit}`);
      return rows.map((r) => ({ sourceId: r.source_id, hour: new Date(Number(r.hour_ms)), events: Number(r.events), rejects: Number(r.rejects) }));
    }),

  /** Durations in seconds of the sessions that ended since `since` with both a start and an end, newest first. */
  finishedDurations: ({ tenantId, since, limit }: { tenantId: string; since: Date; limit: number }) =>
    client.withTenant(tenantId, async (tx) => {
      const { rows } = await tx.execute<{ seconds: number }>(sql`
        SELECT extract(epoch FROM ended_at - started_at)::float8 AS seconds FROM session_summaries
         WHERE tenant_id = ${tenantId} AND last_event_at >= ${since} AND has_end AND started_at IS NOT NULL AND ended_at IS NOT NULL
         ORDER BY last_event_at DESC LIMIT ${limit}`);
      return rows.map((r) => Number(r.seconds));
    }),

  /**
   * Session summaries whose last event is after `after` (keyset by last event and id), up to `until` if given,
   * oldest first. `openOnly` keeps those without an end.
   */
  sessionsAfter: ({ tenantId, after, until, openOnly, limit }: { tenantId: string; after: SessionCursor; until: Date | null; openOnly: boolean; limit: number }) =>
    client.withTenant(tenantId, async (tx) => {
      const { rows } = await tx.execute(sql`
        SELECT ${SUMMARY} FROM session_summaries
         WHERE tenant_id = ${tenantId} AND last_event_at >= ${after.at}::timestamptz
           AND (last_event_at > ${after.at}::timestamptz OR session_id > ${after.sessionId})
           ${until ? sql`AND last_event_at <= ${until}` : sql``} ${openOnly ? sql`AND NOT has_end` : sql``}
         ORDER BY last_event_at, session_id LIMIT ${limit}`);
      return rows.map(toFacts);
    }),

  sessionsById: ({ tenantId, sessionIds }: { tenantId: string; sessionIds: string[] }) =>
    client.withTenant(tenantId, async (tx) => {
      if (sessionIds.length === 0) return [];
      const { rows } = await tx.execute(sql`SELECT ${SUMMARY} FROM session_summaries WHERE tenant_id = ${tenantId} AND session_id IN ${sessionIds}`);
      return rows.map(toFacts);
    }),

  /** The distinct ordinary ei of a session's events, ascending, at most `limit` of them. */
  sessionIndices: ({ tenantId, sessionId, limit }: { tenantId: string; sessionId: string; limit: number }) =>
    client.withTenant(tenantId, async (tx) => {
      const { rows } = await tx.execute<{ ei: string }>(sql`
        SELECT DISTINCT event_index AS ei FROM teleport_audit_events
         WHERE tenant_id = ${tenantId} AND session_id = ${sessionId} AND event_index BETWEEN 0 AND ${MAX_ORDINARY_INDEX}
         ORDER BY 1 LIMIT ${limit}`);
      return rows.map((r) => Number(r.ei));
    }),

  /** The source that sent a session's first event (summaries do not keep it); null when it has no events left. */
  sessionSource: ({ tenantId, sessionId }: { tenantId: string; sessionId: string }) =>
    client.withTenant(tenantId, async (tx) => {
      const { rows } = await tx.execute<{ source_id: string }>(sql`
        SELECT source_id FROM teleport_audit_events WHERE tenant_id = ${tenantId} AND session_id = ${sessionId} ORDER BY event_index LIMIT 1`);
      return rows[0]?.source_id ?? null;
    }),

  /** Event types in the hourly rollups since `since` that the tenant's registry does not hold yet. */
  unseenEventTypes: ({ tenantId, since, limit }: { tenantId: string; since: Date; limit: number }) =>
    client.withTenant(tenantId, async (tx) => {
      const { rows } = await tx.execute<{ event_type: string; first_ms: number; source_id: string | null }>(sql`
        SELECT r.event_type, (extract(epoch FROM min(r.hour)) * 1000)::float8 AS first_ms, (array_agg(r.source_id ORDER BY r.hour, r.source_id))[1] AS source_id
          FROM event_rollup_hourly r
         WHERE r.tenant_id = ${tenantId} AND r.hour >= ${since}
           AND NOT EXISTS (SELECT 1 FROM tenant_event_types t WHERE t.tenant_id = ${tenantId} AND t.event_type = r.event_type)
         GROUP BY r.event_type ORDER BY 2, 1 LIMIT ${limit}`);
      return rows.map((r): NewEventType => ({ eventType: r.event_type, firstSeenAt: new Date(Number(r.first_ms)), sourceId: r.source_id }));
    }),

  /** Which of these event types have events in the hourly rollups since `since`. */
  eventTypesSeenSince: ({ tenantId, eventTypes, since }: { tenantId: string; eventTypes: string[]; since: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      if (eventTypes.length === 0) return new Set<string>();
      const { rows } = await tx.execute<{ event_type: string }>(sql`
        SELECT DISTINCT event_type FROM event_rollup_hourly WHERE tenant_id = ${tenantId} AND hour >= ${since} AND event_type IN ${eventTypes}`);
      return new Set(rows.map((r) => r.event_type));
    }),

  /**
   * An S3 source's objects given up on (failed, or gone when read) per UTC day they were first seen, since
   * `since`: counts and a few keys. Reads at most `limit` object rows, newest first.
   */
  failedObjectsByDay: ({ tenantId, sourceId, since, limit }: { tenantId: string; sourceId: string; since: Date; limit: number }) =>
    client.withTenant(tenantId, async (tx) => {
      const { rows } = await tx.execute<{ day: string; failed: number; missing: number; sample_keys: string[] }>(sql`
        SELECT to_char(first_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
               count(*) FILTER (WHERE status = 'failed')::int AS failed, count(*) FILTER (WHERE status = 'missing')::int AS missing,
               (array_agg(key ORDER BY first_seen_at DESC))[1:3] AS sample_keys
          FROM (SELECT first_seen_at, status, key FROM ingested_objects
                 WHERE tenant_id = ${tenantId} AND source_id = ${sourceId} AND status IN ('failed', 'missing') AND first_seen_at >= ${since}
                 ORDER BY first_seen_at DESC LIMIT ${limit}) o
         GROUP BY 1 ORDER BY 1`);
      return rows.map((r) => ({ day: r.day, failed: r.failed, missing: r.missing, sampleKeys: r.sample_keys }));
    }),

  /**
   * One transaction of the monitor's decisions for a tenant: registers the new event types (opening the finding
   * a type carries only when this run is the one that registered it), opens the drafts not open yet and resolves
   * the findings still open. Returns exactly the findings it changed, so a repeated run returns none.
   */
  apply: ({ tenantId, now, eventTypes, open, resolve, progress }: {
    tenantId: string;
    now: Date;
    /** where the scans that led to these findings stopped, moved in the same transaction */
    progress?: MonitorProgress;
    eventTypes: (NewEventType & { finding: FindingDraft | null })[];
    open: FindingDraft[];
    resolve: { id: string; details: Record<string, unknown> }[];
  }) =>
    client.withTenant(tenantId, async (tx) => {
      const drafts = [...open];
      if (eventTypes.length > 0) {
        const { rows } = await tx.execute<{ event_type: string }>(sql`
          INSERT INTO tenant_event_types (tenant_id, event_type, first_seen_at, first_source_id)
          SELECT ${tenantId}, t.event_type, t.first_seen_at, t.first_source_id
            FROM jsonb_to_recordset(${JSON.stringify(eventTypes.map((t) => ({ event_type: t.eventType, first_seen_at: t.firstSeenAt, first_source_id: t.sourceId })))}::jsonb)
                 AS t(event_type text, first_seen_at timestamptz, first_source_id uuid)
          ON CONFLICT DO NOTHING RETURNING event_type`);
        const registered = new Set(rows.map((r) => r.event_type));
        for (const t of eventTypes) if (t.finding && registered.has(t.eventType)) drafts.push(t.finding);
      }
      const opened = await openDrafts(tx, { tenantId, now, drafts });
      const resolved: FindingRow[] = [];
      for (const { id, details } of resolve) {
        const [row] = await tx.update(sourceFindings).set({ state: 'resolved', resolvedAt: now, updatedAt: now, details })
          .where(and(eq(sourceFindings.tenantId, tenantId), eq(sourceFindings.id, id), eq(sourceFindings.state, 'open'))).returning();
        if (row) resolved.push(row);
      }
      if (progress) await upsertState(tx, { tenantId, now, values: progress });
      return [...opened, ...resolved];
    }),
});
