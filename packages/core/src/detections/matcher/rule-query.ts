import { parseQuery, QuerySyntaxError, type QueryNode } from '../../query/query-syntax.js';
import { QUERY_FIELDS, resolveQuery, type Condition } from '../../query/query-fields.js';
import { detectionErrors } from '../detection-errors.js';
import { compileCondition, type EventPredicate } from './condition-predicate.js';
import { isCanonicalCidr } from './ip-compare.js';

export type RuleQuery = { text: string; condition: Condition; predicate: EventPredicate };

const CANONICAL = new Map(QUERY_FIELDS.flatMap((f) => [f.name, ...(f.aliases ?? [])].map((n) => [n.toLowerCase(), f.name] as const)));

/**
 * Why a search construct cannot be part of a rule. A rule looks at each event once, as it arrives, so
 * anything the search resolves against "now" or against other tables would mean something else there.
 */
const REFUSED_FIELDS: Record<string, string> = {
  time: 'time: is not supported in rules: a rule sees every event as it arrives and its window is its own (threshold.windowSeconds); for a duration inside one event use where: durationAtLeast',
  received_at: 'received_at: is not supported in rules: when this service received an event is not something the event did',
  source: 'source: is not supported in rules: a source name is looked up in the sources table, which rule evaluation does not read; use cluster: or node:',
};
const RELATIVE_TIME = /^(?:now|[+-]\d)/;

/**
 * A rule's query in the search language, parsed and resolved as a search would (same fields, same
 * errors), then checked for what rules refuse, and compiled into the in-memory predicate. Errors are
 * `rule.invalid` with the 0-based `position` in the query and the construct.
 */
export function compileRuleQuery(text: string, { field = 'query' }: { field?: string } = {}): RuleQuery {
  let tree: QueryNode | null;
  let condition: Condition | null;
  try {
    tree = parseQuery(text);
    condition = resolveQuery(tree, { now: new Date(0) });
    if (tree) refuseUnsupported(tree, field);
  } catch (err) {
    if (!(err instanceof QuerySyntaxError)) throw err;
    throw detectionErrors.ruleInvalid({
      message: `${field}: ${err.message}${err.hint ? ` (${err.hint})` : ''}`,
      details: { field, position: err.position, expected: err.expected },
    });
  }
  if (!condition) throw detectionErrors.ruleInvalid({ message: `${field}: a rule needs a query; an empty one would match every event`, details: { field } });
  return { text, condition, predicate: compileCondition(condition) };
}

function refuseUnsupported(node: QueryNode, field: string): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      node.items.forEach((item) => refuseUnsupported(item, field));
      return;
    case 'not':
      refuseUnsupported(node.item, field);
      return;
    case 'text':
      return;
    case 'field': {
      const name = CANONICAL.get(node.field.toLowerCase());
      const refuse = (message: string, construct: string) => {
        throw detectionErrors.ruleInvalid({ message: `${field}: ${message} (at position ${node.position})`, details: { field, position: node.position, construct } });
      };
      if (name && REFUSED_FIELDS[name]) refuse(REFUSED_FIELDS[name], `${name}:`);
      const spec = QUERY_FIELDS.find((f) => f.name === name);
      if (spec?.type === 'time' && RELATIVE_TIME.test(node.value)) {
        refuse(`${node.field}:${node.value} is relative to now, which a rule would freeze at the moment it is saved; compare with an absolute time, or use where: durationAtLeast`, 'relative time');
      }
      if (spec?.type === 'ip' && node.value.includes('/') && !isCanonicalCidr(node.value)) {
        refuse(`${node.field}:${node.value} has bits set right of its mask; write the network address (e.g. 10.0.0.0/8)`, 'cidr host bits');
      }
    }
  }
}
