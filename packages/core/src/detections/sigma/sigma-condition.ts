import { detectionErrors } from '../detection-errors.js';

/** A Sigma condition, with `1 of` / `all of` already expanded to the identifiers they name. */
export type SigmaCondition =
  | { kind: 'and' | 'or'; items: SigmaCondition[] }
  | { kind: 'not'; item: SigmaCondition }
  | { kind: 'ref'; name: string };

const unsupported = (message: string, construct: string) => detectionErrors.sigmaUnsupported({ message, details: { construct } });
const invalid = (message: string) => detectionErrors.sigmaInvalid({ message, details: { field: 'detection.condition' } });

/**
 * Parses a Sigma condition (rules specification 2.0): or < and < not < `x of` < parentheses; `1 of
 * pattern` / `all of pattern` over the search identifiers matching a * pattern, `them` for all those not
 * starting with `_`. Aggregations (`| count()`) and `near` belong to Sigma 1's correlation syntax and are
 * refused, pointing at threshold rules.
 */
export function parseSigmaCondition(text: string, identifiers: readonly string[]): SigmaCondition {
  if (/\|/.test(text)) throw unsupported('aggregation conditions (| count() …) are not supported; use a threshold rule (or a Sigma correlation rule of type event_count)', 'aggregation');
  const tokens = text.match(/\(|\)|[^\s()]+/g) ?? [];
  if (tokens.some((t) => t.toLowerCase() === 'near')) throw unsupported('the near operator is not supported; use a join (join:) after import', 'near');
  let at = 0;
  const peek = () => tokens[at]?.toLowerCase();
  const next = () => tokens[at++];

  const parseOr = (): SigmaCondition => {
    const items = [parseAnd()];
    while (peek() === 'or') {
      at++;
      items.push(parseAnd());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  };
  const parseAnd = (): SigmaCondition => {
    const items = [parseNot()];
    while (peek() === 'and') {
      at++;
      items.push(parseNot());
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };
  const parseNot = (): SigmaCondition => {
    if (peek() === 'not') {
      at++;
      return { kind: 'not', item: parseNot() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): SigmaCondition => {
    const token = next();
    if (token === undefined) throw invalid(`the condition "${text}" ends where a search identifier was expected`);
    if (token === '(') {
      const inner = parseOr();
      if (next() !== ')') throw invalid(`the condition "${text}" has a ( without its )`);
      return inner;
    }
    const lower = token.toLowerCase();
    if (peek() === 'of') {
      at++;
      const target = next();
      if (target === undefined) throw invalid(`"${token} of" needs a pattern or them`);
      if (lower !== '1' && lower !== 'all' && lower !== 'any') throw unsupported(`"${token} of" is not supported; only 1 of and all of`, `${token} of`);
      const names = target.toLowerCase() === 'them' ? identifiers.filter((n) => !n.startsWith('_')) : identifiers.filter((n) => globMatches(target, n));
      if (names.length === 0) throw invalid(`"${token} of ${target}" names no search identifier`);
      const refs = names.map((name) => ({ kind: 'ref', name }) as const);
      return refs.length === 1 ? refs[0]! : { kind: lower === 'all' ? 'and' : 'or', items: refs };
    }
    if (['and', 'or', ')'].includes(lower)) throw invalid(`unexpected "${token}" in the condition "${text}"`);
    if (!identifiers.includes(token)) throw invalid(`the condition names "${token}", which is not a search identifier of the detection (${identifiers.join(', ')})`);
    return { kind: 'ref', name: token };
  };

  const tree = parseOr();
  if (at < tokens.length) throw invalid(`unexpected "${tokens[at]}" in the condition "${text}"`);
  return tree;
}

const globMatches = (pattern: string, name: string) =>
  new RegExp(`^${pattern.split('*').map((p) => p.replace(/[\\^$.+?()[\]{}|]/g, '\\$&')).join('.*')}$`).test(name);
