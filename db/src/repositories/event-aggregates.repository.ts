import type { Condition, MicroTime, TimeRange } from '@tai/core';
import { sql, type SQL } from 'drizzle-orm';
import type { DbClient, Tx } from '../client.js';
import { conditionSql } from '../search/condition-sql.js';
import { microText } from '../search/event-projection.js';
import { isRollupCondition, splitByHours } from '../search/rollup-plan.js';
import { eventWhere, searchTransaction } from './event-search.repository.js';

/** What a histogram can be split by, and what a facet can count: SQL over events, and over rollups where kept. */
export const GROUPINGS = {
  event_type: { events: sql`e.event_type`, rollup: sql`e.event_type` },
  code: { events: sql`e.event_code`, rollup: sql`e.event_code` },
  cluster: { events: sql`e.cluster_name`, rollup: sql`e.cluster_name` },
  source: { events: sql`e.source_id::text`, rollup: sql`e.source_id::text` },
  success: { events: sql`e.success::text`, rollup: sql`e.success::text` },
  actor: { events: sql`e.actor`, rollup: null },
  login: { events: sql`e.login`, rollup: null },
  node: { events: sql`e.server_hostname`, rollup: null },
  remote_ip: { events: sql`host(e.remote_ip)`, rollup: null },
  session: { events: sql`e.session_id`, rollup: null },
  kube_cluster: { events: sql`e.kubernetes_cluster`, rollup: null },
  db: { events: sql`e.db_name`, rollup: null },
  app: { events: sql`e.app_name`, rollup: null },
  method: { events: sql`e.method`, rollup: null },
  user_kind: { events: sql`e.user_kind::text`, rollup: null },
  request_state: { events: sql`e.request_state`, rollup: null },
} as const satisfies Record<string, { events: SQL; rollup: SQL | null }>;
export type Grouping = keyof typeof GROUPINGS;

export type Counted = { bucket: MicroTime | null; group: string | null; count: number };
export type CountQuery = { tenantId: string; condition: Condition | null; range: TimeRange; group: Grouping | null; bucketSeconds: number | null };

const EPOCH = sql`'1970-01-01T00:00:00Z'::timestamptz`;

const hourRangeSql = (range: TimeRange): SQL => sql.join([
  range.from ? sql`e.hour >= ${range.from}::timestamptz` : sql`true`,
  range.to ? sql`e.hour < ${range.to}::timestamptz` : sql`true`,
], sql` AND `);

async function countEvents(tx: Tx, q: CountQuery): Promise<Counted[]> {
  const bucket = q.bucketSeconds === null ? sql`NULL` : microText(sql`date_bin(${`${q.bucketSeconds} seconds`}::interval, e.event_time, ${EPOCH})`);
  const group = q.group === null ? sql`NULL` : GROUPINGS[q.group].events;
  const { rows } = await tx.execute(sql`
    SELECT ${bucket} AS bucket, ${group} AS grp, count(*)::bigint AS n FROM teleport_audit_events e
     WHERE ${eventWhere(q)} GROUP BY 1, 2`);
  return (rows as { bucket: MicroTime | null; grp: string | null; n: string }[]).map((r) => ({ bucket: r.bucket, group: r.grp, count: Number(r.n) }));
}

async function countRollups(tx: Tx, q: CountQuery & { group: Grouping | null }): Promise<Counted[]> {
  const bucket = q.bucketSeconds === null ? sql`NULL` : microText(sql`date_bin(${`${q.bucketSeconds} seconds`}::interval, e.hour, ${EPOCH})`);
  const group = q.group === null ? sql`NULL` : GROUPINGS[q.group].rollup!;
  const { rows } = await tx.execute(sql`
    SELECT ${bucket} AS bucket, ${group} AS grp, sum(e.events)::bigint AS n FROM event_rollup_hourly e
     WHERE e.tenant_id = ${q.tenantId}::uuid AND ${hourRangeSql(q.range)} AND ${conditionSql(q.condition, { tenantId: q.tenantId })}
     GROUP BY 1, 2`);
  return (rows as { bucket: MicroTime | null; grp: string | null; n: string }[]).map((r) => ({ bucket: r.bucket, group: r.grp, count: Number(r.n) }));
}

/** Whether the hourly rollups can answer this count exactly (with the partial hours at the ends read from events). */
export const rollupCanCount = (q: Pick<CountQuery, 'condition' | 'group' | 'bucketSeconds'>): boolean =>
  isRollupCondition(q.condition) && (q.group === null || GROUPINGS[q.group].rollup !== null) && (q.bucketSeconds === null || q.bucketSeconds % 3_600 === 0);

function merge(parts: Counted[][]): Counted[] {
  const byKey = new Map<string, Counted>();
  for (const row of parts.flat()) {
    const key = `${row.bucket}\u0000${row.group}`;
    const seen = byKey.get(key);
    if (seen) seen.count += row.count;
    else byKey.set(key, { ...row });
  }
  return [...byKey.values()];
}

export type FacetValues = { field: Grouping; values: { value: string; count: number }[]; distinct: number; exact: boolean };

export type EventAggregatesRepository = ReturnType<typeof createEventAggregatesRepository>;

export const createEventAggregatesRepository = ({ client }: { client: DbClient }) => ({
  /**
   * Matching events counted per time bucket and group. From the hourly rollups when they can answer (the
   * query names only type, code, cluster, source and outcome, and buckets are whole hours), else from the
   * events. `source` says which was read.
   */
  count: (q: CountQuery): Promise<{ rows: Counted[]; source: 'rollup' | 'events' }> =>
    searchTransaction(client, q.tenantId, async (tx) => {
      if (!rollupCanCount(q)) return { rows: await countEvents(tx, q), source: 'events' as const };
      const { hours, edges } = splitByHours(q.range);
      const parts = [
        ...(hours ? [await countRollups(tx, { ...q, range: hours })] : []),
        ...(await Promise.all(edges.map((range) => countEvents(tx, { ...q, range })))),
      ];
      return { rows: merge(parts), source: 'rollup' as const };
    }),

  /**
   * Top values of each field among the matching events, with how many distinct values there are. Exact for
   * rollup fields when the query allows it; the others are counted over the newest `sample` matches (exact
   * whenever fewer match).
   */
  facets: ({ tenantId, condition, range, fields, size, sample }: { tenantId: string; condition: Condition | null; range: TimeRange; fields: Grouping[]; size: number; sample: number }): Promise<{ facets: FacetValues[]; sampled: number }> =>
    searchTransaction(client, tenantId, async (tx) => {
      const exactFields = fields.filter((f) => rollupCanCount({ condition, group: f, bucketSeconds: null }));
      const sampledFields = fields.filter((f) => !exactFields.includes(f));
      const facets: FacetValues[] = [];
      for (const field of exactFields) {
        const { hours, edges } = splitByHours(range);
        const q = { tenantId, condition, range, group: field, bucketSeconds: null };
        const rows = merge([...(hours ? [await countRollups(tx, { ...q, range: hours })] : []), ...(await Promise.all(edges.map((r) => countEvents(tx, { ...q, range: r }))))])
          .filter((r) => r.group !== null && r.count > 0).sort((a, b) => b.count - a.count || String(a.group).localeCompare(String(b.group)));
        facets.push({ field, values: rows.slice(0, size).map((r) => ({ value: r.group!, count: r.count })), distinct: rows.length, exact: true });
      }
      let sampled = 0;
      if (sampledFields.length > 0) {
        const columns = sql.join(sampledFields.map((f, i) => sql`${GROUPINGS[f].events} AS ${sql.identifier(`f${i}`)}`), sql`, `);
        const pairs = sql.join(sampledFields.map((f, i) => sql`(${f}, m.${sql.identifier(`f${i}`)})`), sql`, `);
        const { rows } = await tx.execute(sql`
          WITH m AS (SELECT ${columns} FROM teleport_audit_events e WHERE ${eventWhere({ tenantId, condition, range })}
                      ORDER BY e.event_time DESC, e.id DESC LIMIT ${sample}),
               counted AS (SELECT x.k, x.v, count(*)::bigint AS n FROM m CROSS JOIN LATERAL (VALUES ${pairs}) x(k, v) WHERE x.v IS NOT NULL GROUP BY x.k, x.v),
               ranked AS (SELECT k, v, n, count(*) OVER (PARTITION BY k) AS d, row_number() OVER (PARTITION BY k ORDER BY n DESC, v) AS rn FROM counted)
          SELECT k, v, n, d, (SELECT count(*) FROM m) AS total FROM ranked WHERE rn <= ${size}
          UNION ALL SELECT NULL, NULL, NULL, NULL, (SELECT count(*) FROM m)`);
        const list = rows as { k: string | null; v: string | null; n: string | null; d: string | null; total: string }[];
        sampled = Number(list.at(-1)?.total ?? 0);
        for (const field of sampledFields) {
          const mine = list.filter((r) => r.k === field);
          facets.push({ field, values: mine.map((r) => ({ value: r.v!, count: Number(r.n) })), distinct: Number(mine[0]?.d ?? 0), exact: sampled < sample });
        }
      }
      return { facets: fields.map((f) => facets.find((x) => x.field === f)!), sampled };
    }),
});
