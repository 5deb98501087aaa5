/**
 * The search language's syntax tree, before field names and values are checked (query-fields.ts).
 *
 *   query   := or?
 *   or      := and ("OR" and)*
 *   and     := unary (("AND")? unary)*          juxtaposition means AND
 *   unary   := ("NOT" | "-") unary | primary
 *   primary := "(" or ")" | term
 *   term    := field ":" op? value               user:alice  exit_code:>0  raw.identity.user:bob
 *            | value                             free text: a word, or "a quoted phrase"
 *   op      := ">" | ">=" | "<" | "<="
 *
 * A value runs to the next space or parenthesis and may contain ':' (times, IPv6), or is a double-quoted
 * string with \" and \\ escapes. Keywords are upper-case only, so `or` and `not` are ordinary words.
 */
export type Comparison = 'eq' | 'gt' | 'gte' | 'lt' | 'lte';

export type QueryNode =
  | { kind: 'and'; items: QueryNode[] }
  | { kind: 'or'; items: QueryNode[] }
  | { kind: 'not'; item: QueryNode }
  | { kind: 'field'; field: string; op: Comparison; value: string; quoted: boolean; position: number }
  | { kind: 'text'; value: string; quoted: boolean; position: number };

/** A syntax or meaning error, with where it is (0-based character offset), what was expected and a hint. */
export class QuerySyntaxError extends Error {
  readonly position: number;
  readonly expected: string;
  readonly hint: string | null;
  constructor({ message, position, expected, hint = null }: { message: string; position: number; expected: string; hint?: string | null }) {
    super(message);
    this.name = 'QuerySyntaxError';
    this.position = position;
    this.expected = expected;
    this.hint = hint;
  }
}

export const MAX_QUERY_LENGTH = 4_000;
const MAX_DEPTH = 32;
const MAX_TERMS = 200;

type Token =
  | { type: '(' | ')' | 'AND' | 'OR' | 'NOT'; position: number }
  | { type: 'term'; field: string | null; op: Comparison; value: string; quoted: boolean; position: number };

const FIELD = /^(?:[A-Za-z_][\w]*|"(?:[^"\\]|\\.)+")(?:\.(?:[\w-]+|"(?:[^"\\]|\\.)+"))*:/;
const OPS: [string, Comparison][] = [['>=', 'gte'], ['<=', 'lte'], ['>', 'gt'], ['<', 'lt']];

function readQuoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      value += text[++i];
    } else if (c === '"') {
      return { value, end: i + 1 };
    } else {
      value += c;
    }
  }
  throw new QuerySyntaxError({ message: `Unterminated quoted string starting at position ${start}`, position: start, expected: 'a closing "', hint: 'Close the quote, or escape a quote inside it as \\"' });
}

function readBare(text: string, start: number): { value: string; end: number } {
  let end = start;
  while (end < text.length && !/[\s()]/.test(text[end]!)) end++;
  return { value: text.slice(start, end), end };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ type: c, position: i++ });
      continue;
    }
    const position = i;
    // -term is NOT term: -user:alice, -"a phrase", -(a OR b).
    if (c === '-' && i + 1 < text.length && !/\s/.test(text[i + 1]!)) {
      tokens.push({ type: 'NOT', position: i++ });
      continue;
    }
    const field = FIELD.exec(text.slice(i));
    if (field) {
      i += field[0].length;
      let op: Comparison = 'eq';
      for (const [symbol, name] of OPS) {
        if (text.startsWith(symbol, i)) {
          op = name;
          i += symbol.length;
          break;
        }
      }
      if (i >= text.length || /[\s()]/.test(text[i]!)) {
        throw new QuerySyntaxError({ message: `Expected a value after "${field[0]}" at position ${i}`, position: i, expected: 'a value', hint: `For example ${field[0]}value, or ${field[0]}"a value with spaces"` });
      }
      const { value, end } = text[i] === '"' ? readQuoted(text, i) : readBare(text, i);
      tokens.push({ type: 'term', field: field[0].slice(0, -1), op, value, quoted: text[i] === '"', position });
      i = end;
      continue;
    }
    if (c === '"') {
      const { value, end } = readQuoted(text, i);
      tokens.push({ type: 'term', field: null, op: 'eq', value, quoted: true, position });
      i = end;
      continue;
    }
    const { value, end } = readBare(text, i);
    if (value === 'AND' || value === 'OR' || value === 'NOT') tokens.push({ type: value, position });
    else tokens.push({ type: 'term', field: null, op: 'eq', value, quoted: false, position });
    i = end;
  }
  return tokens;
}

/** Parses a query string; an empty query (or only spaces) is null, which matches everything. */
export function parseQuery(text: string): QueryNode | null {
  if (text.length > MAX_QUERY_LENGTH) {
    throw new QuerySyntaxError({ message: `The query is ${text.length} characters long, over the ${MAX_QUERY_LENGTH}-character limit`, position: MAX_QUERY_LENGTH, expected: 'a shorter query', hint: 'POST /v1/events/search takes the same query in a JSON body, up to the same limit' });
  }
  const tokens = tokenize(text);
  if (tokens.length === 0) return null;
  if (tokens.filter((t) => t.type === 'term').length > MAX_TERMS) {
    throw new QuerySyntaxError({ message: `The query has more than ${MAX_TERMS} terms`, position: 0, expected: 'fewer terms' });
  }
  let at = 0;
  const peek = () => tokens[at];
  const end = () => text.length;

  const parseOr = (depth: number): QueryNode => {
    const items = [parseAnd(depth)];
    while (peek()?.type === 'OR') {
      at++;
      if (!peek() || peek()!.type === ')' || peek()!.type === 'OR' || peek()!.type === 'AND') throw expectedTerm('OR');
      items.push(parseAnd(depth));
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  };
  const parseAnd = (depth: number): QueryNode => {
    const items = [parseUnary(depth)];
    for (;;) {
      const next = peek();
      if (!next || next.type === ')' || next.type === 'OR') break;
      if (next.type === 'AND') {
        at++;
        if (!peek() || peek()!.type === ')' || peek()!.type === 'OR' || peek()!.type === 'AND') throw expectedTerm('AND');
      }
      items.push(parseUnary(depth));
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };
  const parseUnary = (depth: number): QueryNode => {
    if (depth > MAX_DEPTH) throw new QuerySyntaxError({ message: `The query nests deeper than ${MAX_DEPTH} levels`, position: peek()?.position ?? end(), expected: 'fewer parentheses or NOTs' });
    const token = peek();
    if (token?.type === 'NOT') {
      at++;
      if (!peek() || peek()!.type === ')' || peek()!.type === 'OR' || peek()!.type === 'AND') throw expectedTerm('NOT');
      return { kind: 'not', item: parseUnary(depth + 1) };
    }
    return parsePrimary(depth);
  };
  const parsePrimary = (depth: number): QueryNode => {
    const token = peek();
    if (!token) throw new QuerySyntaxError({ message: 'The query ends where a term was expected', position: end(), expected: 'a term' });
    if (token.type === '(') {
      at++;
      if (peek()?.type === ')') throw new QuerySyntaxError({ message: `Empty parentheses at position ${token.position}`, position: token.position, expected: 'a term inside the parentheses' });
      const inner = parseOr(depth + 1);
      const close = peek();
      if (close?.type !== ')') throw new QuerySyntaxError({ message: `Expected ")" to close the "(" at position ${token.position}`, position: close?.position ?? end(), expected: '")"', hint: 'Every ( needs a matching )' });
      at++;
      return inner;
    }
    if (token.type === 'term') {
      at++;
      return token.field === null
        ? { kind: 'text', value: token.value, quoted: token.quoted, position: token.position }
        : { kind: 'field', field: token.field, op: token.op, value: token.value, quoted: token.quoted, position: token.position };
    }
    throw new QuerySyntaxError({ message: `Unexpected "${token.type}" at position ${token.position}`, position: token.position, expected: 'a term', hint: token.type === ')' ? 'There is a ) without a matching (' : `${token.type} needs a term on each side` });
  };
  const expectedTerm = (after: string) =>
    new QuerySyntaxError({ message: `Expected a term after ${after} at position ${peek()?.position ?? end()}`, position: peek()?.position ?? end(), expected: 'a term', hint: `${after} must be followed by a condition, e.g. ${after} user:alice` });

  const tree = parseOr(0);
  const rest = peek();
  if (rest) throw new QuerySyntaxError({ message: `Unexpected "${rest.type === 'term' ? rest.value : rest.type}" at position ${rest.position}`, position: rest.position, expected: 'the end of the query or an operator', hint: rest.type === ')' ? 'There is a ) without a matching (' : null });
  return tree;
}
