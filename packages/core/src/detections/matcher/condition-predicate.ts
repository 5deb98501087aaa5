import type { NormalizedEvent } from '../../events/normalized-event.js';
import type { Condition, FieldSpec, Match } from '../../query/query-fields.js';
import { columnValue } from './column-values.js';
import { ipEquals, ipWithin } from './ip-compare.js';
import { jsonbAt, jsonbText } from './jsonb-path.js';
import { likeRegExp } from './like-pattern.js';
import { sqlLower } from './sql-lower.js';

export type EventPredicate = (event: NormalizedEvent) => boolean;

/**
 * A resolved query (query-fields.ts) as a predicate over one normalized event, true exactly when
 * db/src/search/condition-sql.ts's WHERE clause is true for that event's row. SQL's NULLs fold into false:
 * WHERE keeps only TRUE, AND/OR are TRUE under the same inputs in both logics, and NOT is `IS NOT TRUE`, so
 * NOT keeps events without the field. `source:` names need the sources table and are refused before this
 * (rule-query.ts); a `source` leaf here compares ids only.
 */
export function compileCondition(condition: Condition | null): EventPredicate {
  if (!condition) return () => true;
  switch (condition.kind) {
    case 'and': {
      const items = condition.items.map(compileCondition);
      return (event) => items.every((item) => item(event));
    }
    case 'or': {
      const items = condition.items.map(compileCondition);
      return (event) => items.some((item) => item(event));
    }
    case 'not': {
      const item = compileCondition(condition.item);
      return (event) => !item(event);
    }
    case 'text': {
      // The SQL side lower-cases with JS too (condition-sql.ts), against the JS-lower-cased search_text.
      const needle = condition.value.toLowerCase();
      return (event) => event.searchText !== null && event.searchText.includes(needle);
    }
    case 'raw':
      return rawPredicate(condition.path, condition.match);
    case 'field':
      return fieldPredicate(condition.field, condition.match);
  }
}

function fieldPredicate(field: FieldSpec, match: Match): EventPredicate {
  const columns = field.columns;
  const anyColumn = (test: (value: unknown) => boolean): EventPredicate => (event) => columns.some((c) => test(columnValue(event, c)));
  if (match.kind === 'exists') return anyColumn((v) => v !== null && v !== undefined);
  switch (field.type) {
    case 'ci-text': {
      if (match.kind === 'pattern') {
        const re = likeRegExp(match.pattern.toLowerCase());
        return anyColumn((v) => typeof v === 'string' && re.test(sqlLower(v)));
      }
      const wanted = sqlLower(valueOf(match));
      return anyColumn((v) => typeof v === 'string' && sqlLower(v) === wanted);
    }
    case 'text':
    case 'code': {
      if (match.kind === 'pattern') {
        const re = likeRegExp(match.pattern);
        return anyColumn((v) => typeof v === 'string' && re.test(v));
      }
      const wanted = valueOf(match);
      return anyColumn((v) => v === wanted);
    }
    case 'int':
    case 'time': {
      const { op, value } = comparisonOf(match);
      return anyColumn((v) => (typeof v === 'number' || typeof v === 'string') && typeof v === typeof value && compare(v, op, value));
    }
    case 'bool': {
      const wanted = valueOf(match) === 'true';
      return anyColumn((v) => v === wanted);
    }
    case 'ip': {
      if (match.kind === 'cidr') return anyColumn((v) => typeof v === 'string' && ipWithin(v, match.value));
      const wanted = valueOf(match);
      return anyColumn((v) => typeof v === 'string' && ipEquals(v, wanted));
    }
    case 'source':
      return () => false;
    case 'request': {
      const wanted = valueOf(match);
      return (event) => event.requestId === wanted || (event.accessRequests?.includes(wanted) ?? false);
    }
    case 'tags': {
      const wanted = valueOf(match);
      return anyColumn((v) => Array.isArray(v) && v.includes(wanted));
    }
  }
}

function rawPredicate(path: readonly string[], match: Match): EventPredicate {
  switch (match.kind) {
    case 'exists':
      return (event) => jsonbAt(event.raw, path).present;
    case 'equals':
      return (event) => textAt(event, path) === match.value;
    case 'pattern': {
      const re = likeRegExp(match.pattern);
      return (event) => {
        const text = textAt(event, path);
        return text !== null && re.test(text);
      };
    }
    case 'compare':
      return (event) => {
        const found = jsonbAt(event.raw, path);
        return found.present && typeof found.value === 'number' && compare(found.value, match.op, match.value as number);
      };
    case 'cidr':
      return () => false;
  }
}

function textAt(event: NormalizedEvent, path: readonly string[]): string | null {
  const found = jsonbAt(event.raw, path);
  return found.present ? jsonbText(found.value) : null;
}

function valueOf(match: Match): string {
  if (match.kind === 'equals') return match.value;
  throw new Error(`expected a value match, got ${match.kind}`);
}

function comparisonOf(match: Match): { op: string; value: number | string } {
  if (match.kind === 'compare') return match;
  throw new Error(`expected a comparison, got ${match.kind}`);
}

function compare<T extends number | string>(a: T, op: string, b: T): boolean {
  switch (op) {
    case 'eq': return a === b;
    case 'gt': return a > b;
    case 'gte': return a >= b;
    case 'lt': return a < b;
    case 'lte': return a <= b;
    default: return false;
  }
}

