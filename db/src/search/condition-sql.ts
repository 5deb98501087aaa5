import { cidrRange, isUuid, likeEscape, type Condition, type FieldSpec, type Match, type MicroTime, type TimeRange } from '@tai/core';
import { sql, type SQL } from 'drizzle-orm';

/**
 * The WHERE clause of a search over teleport_audit_events, from a resolved query (@tai/core query-fields).
 * Pure: every value is a bind parameter; the only text written into the SQL is column names from the fixed
 * field catalogue and fixed operators. Leaves are written bare, so the planner can match them to indexes
 * (wrapping them, say in coalesce, hides lower(actor) = … from the actor index); NOT is `IS NOT TRUE`, so
 * that it keeps events where the field is absent: NOT user:alice includes events without a user.
 */
export function conditionSql(condition: Condition | null, { tenantId }: { tenantId: string }): SQL {
  if (!condition) return sql`true`;
  switch (condition.kind) {
    case 'and':
      return sql`(${sql.join(condition.items.map((c) => conditionSql(c, { tenantId })), sql` AND `)})`;
    case 'or':
      return sql`(${sql.join(condition.items.map((c) => conditionSql(c, { tenantId })), sql` OR `)})`;
    case 'not':
      return sql`(${conditionSql(condition.item, { tenantId })}) IS NOT TRUE`;
    case 'text':
      return sql`e.search_text LIKE ${`%${likeEscape(condition.value.toLowerCase())}%`}`;
    case 'raw':
      return sql`(${rawMatch(condition.path, condition.match)})`;
    case 'field':
      return sql`(${fieldMatch(condition.field, condition.match, tenantId)})`;
  }
}

const column = (name: string): SQL => sql.raw(`e.${name}`);

const COMPARE: Record<string, SQL> = { eq: sql.raw('='), gt: sql.raw('>'), gte: sql.raw('>='), lt: sql.raw('<'), lte: sql.raw('<=') };

/** Columns kept lower-cased (generated, "C" collation, indexed) for the case-insensitive fields that search most. */
const LOWERCASED: Record<string, string> = { actor: 'actor_lc', server_hostname: 'server_hostname_lc' };
/** Indexed columns in the "C" collation, where a prefix is a plain >= / < range. */
const C_COLLATED = new Set(['event_type', 'actor_lc', 'server_hostname_lc']);

/**
 * A trailing-* pattern as an index range plus the LIKE itself: LIKE is not leakproof, so under row-level
 * security only the range (>= and <, which are) reaches the index. ASCII prefixes only: for them the next
 * string is simply the last character plus one, in byte order as in code-point order.
 */
function prefixMatch(col: string, match: Match & { kind: 'pattern' }, lower: boolean): SQL {
  const pattern = lower ? match.pattern.toLowerCase() : match.pattern;
  const like = sql`${column(col)} LIKE ${pattern}`;
  if (!match.prefixOnly || !C_COLLATED.has(col)) return like;
  const prefix = pattern.slice(0, -1).replace(/\\(.)/g, '$1');
  if (prefix === '' || !/^[\x20-\x7e]+$/.test(prefix)) return like;
  const next = `${prefix.slice(0, -1)}${String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)}`;
  return sql`(${column(col)} >= ${prefix} AND ${column(col)} < ${next} AND ${like})`;
}

function fieldMatch(field: FieldSpec, match: Match, tenantId: string): SQL {
  const any = (parts: SQL[]) => (parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` OR `)})`);
  if (match.kind === 'exists') return any(field.columns.map((c) => sql`${column(c)} IS NOT NULL`));
  switch (field.type) {
    case 'ci-text':
      return any(field.columns.map((c) => {
        const lc = LOWERCASED[c];
        if (match.kind === 'pattern') return lc ? prefixMatch(lc, match, true) : sql`lower(${column(c)}) LIKE ${match.pattern.toLowerCase()}`;
        return lc ? sql`${column(lc)} = lower(${textValue(match)})` : sql`lower(${column(c)}) = lower(${textValue(match)})`;
      }));
    case 'text':
    case 'code':
      return any(field.columns.map((c) => (match.kind === 'pattern' ? prefixMatch(c, match, false) : sql`${column(c)} = ${textValue(match)}`)));
    case 'int':
      return any(field.columns.map((c) => sql`${column(c)} ${COMPARE[compareOf(match).op]} ${compareOf(match).value}`));
    case 'time':
      return any(field.columns.map((c) => sql`${column(c)} ${COMPARE[compareOf(match).op]} ${compareOf(match).value}::timestamptz`));
    case 'bool':
      return sql`${column(field.columns[0]!)} = ${textValue(match) === 'true'}`;
    case 'ip': {
      const col = column(field.columns[0]!);
      if (match.kind !== 'cidr') return sql`${col} = ${textValue(match)}::inet`;
      const range = cidrRange(match.value);
      const within = sql`${col} <<= ${match.value}::cidr`;
      return range ? sql`(${col} >= ${range.first}::inet AND ${col} <= ${range.last}::inet AND ${within})` : within;
    }
    case 'source': {
      const value = textValue(match);
      return isUuid(value)
        ? sql`e.source_id = ${value}::uuid`
        : sql`e.source_id IN (SELECT s.id FROM sources s WHERE s.tenant_id = ${tenantId}::uuid AND lower(s.name) = ${value.toLowerCase()})`;
    }
    case 'request':
      return sql`(e.request_id = ${textValue(match)} OR (e.event_time, e.id) IN (
        SELECT l.event_time, l.event_id FROM event_request_links l WHERE l.tenant_id = ${tenantId}::uuid AND l.request_id = ${textValue(match)}))`;
    case 'tags':
      return sql`${column(field.columns[0]!)} @> ARRAY[${textValue(match)}]::text[]`;
  }
}

function rawMatch(path: string[], match: Match): SQL {
  const at = sql`e.raw #>> ${sql.param(path)}::text[]`;
  switch (match.kind) {
    case 'exists':
      return sql`e.raw #> ${sql.param(path)}::text[] IS NOT NULL`;
    case 'equals':
      return sql`${at} = ${match.value}`;
    case 'pattern':
      return sql`${at} LIKE ${match.pattern}`;
    case 'compare':
      // Numbers only (a cast of anything else would fail the whole query): non-numbers never match.
      return sql`(CASE WHEN jsonb_typeof(e.raw #> ${sql.param(path)}::text[]) = 'number' THEN (e.raw #>> ${sql.param(path)}::text[])::numeric END) ${COMPARE[match.op]} ${match.value}`;
    case 'cidr':
      return sql`false`;
  }
}

function textValue(match: Match): string {
  if (match.kind === 'equals') return match.value;
  throw new Error(`expected a value match, got ${match.kind}`);
}

function compareOf(match: Match): { op: string; value: number | MicroTime } {
  if (match.kind === 'compare') return match;
  if (match.kind === 'equals') return { op: 'eq', value: match.value as MicroTime };
  throw new Error(`expected a comparison, got ${match.kind}`);
}

/** The time range as conditions on event_time; `to` is exclusive. */
export function timeRangeSql(range: TimeRange): SQL {
  return sql.join([
    range.from ? sql`e.event_time >= ${range.from}::timestamptz` : sql`true`,
    range.to ? sql`e.event_time < ${range.to}::timestamptz` : sql`true`,
  ], sql` AND `);
}
