import { isUuid, likeEscape, type Condition, type FieldSpec, type Match, type MicroTime, type TimeRange } from '@tai/core';
import { sql, type SQL } from 'drizzle-orm';

/**
 * The WHERE clause of a search over teleport_audit_events, from a resolved query (@tai/core query-fields).
 * Pure: every value is a bind parameter; the only text written into the SQL is column names from the fixed
 * field catalogue and fixed operators. Every leaf is made two-valued (coalesce(…, false)) so that NOT keeps
 * events where the field is absent: NOT user:alice includes events without a user.
 */
export function conditionSql(condition: Condition | null, { tenantId }: { tenantId: string }): SQL {
  if (!condition) return sql`true`;
  switch (condition.kind) {
    case 'and':
      return sql`(${sql.join(condition.items.map((c) => conditionSql(c, { tenantId })), sql` AND `)})`;
    case 'or':
      return sql`(${sql.join(condition.items.map((c) => conditionSql(c, { tenantId })), sql` OR `)})`;
    case 'not':
      return sql`NOT ${conditionSql(condition.item, { tenantId })}`;
    case 'text':
      return sql`coalesce(e.search_text LIKE ${`%${likeEscape(condition.value.toLowerCase())}%`}, false)`;
    case 'raw':
      return sql`coalesce(${rawMatch(condition.path, condition.match)}, false)`;
    case 'field':
      return sql`coalesce(${fieldMatch(condition.field, condition.match, tenantId)}, false)`;
  }
}

const column = (name: string): SQL => sql.raw(`e.${name}`);

const COMPARE: Record<string, SQL> = { eq: sql.raw('='), gt: sql.raw('>'), gte: sql.raw('>='), lt: sql.raw('<'), lte: sql.raw('<=') };

function fieldMatch(field: FieldSpec, match: Match, tenantId: string): SQL {
  const any = (parts: SQL[]) => (parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` OR `)})`);
  if (match.kind === 'exists') return any(field.columns.map((c) => sql`${column(c)} IS NOT NULL`));
  switch (field.type) {
    case 'ci-text':
      return any(field.columns.map((c) => (match.kind === 'pattern'
        ? sql`lower(${column(c)}) LIKE ${match.pattern.toLowerCase()}`
        : sql`lower(${column(c)}) = ${textValue(match).toLowerCase()}`)));
    case 'text':
    case 'code':
      return any(field.columns.map((c) => (match.kind === 'pattern' ? sql`${column(c)} LIKE ${match.pattern}` : sql`${column(c)} = ${textValue(match)}`)));
    case 'int':
      return any(field.columns.map((c) => sql`${column(c)} ${COMPARE[compareOf(match).op]} ${compareOf(match).value}`));
    case 'time':
      return any(field.columns.map((c) => sql`${column(c)} ${COMPARE[compareOf(match).op]} ${compareOf(match).value}::timestamptz`));
    case 'bool':
      return sql`${column(field.columns[0]!)} = ${textValue(match) === 'true'}`;
    case 'ip':
      return match.kind === 'cidr' ? sql`${column(field.columns[0]!)} <<= ${match.value}::cidr` : sql`${column(field.columns[0]!)} = ${textValue(match)}::inet`;
    case 'source': {
      const value = textValue(match);
      return isUuid(value)
        ? sql`e.source_id = ${value}::uuid`
        : sql`e.source_id IN (SELECT s.id FROM sources s WHERE s.tenant_id = ${tenantId}::uuid AND lower(s.name) = ${value.toLowerCase()})`;
    }
    case 'request':
      return sql`(e.access_requests @> ARRAY[${textValue(match)}]::text[] OR e.request_id = ${textValue(match)})`;
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
