// Pure helpers for the search language (README "The query language"): quoting values, adding and removing
// terms, and finding the word under the caret for completion. The tokenizer mirrors the server's
// (packages/core/src/query/query-syntax.ts) closely enough to edit queries; the server stays the judge.

export type QueryToken =
  | { kind: 'paren'; text: '(' | ')'; start: number; end: number }
  | { kind: 'keyword'; text: 'AND' | 'OR' | 'NOT'; start: number; end: number }
  | { kind: 'term'; text: string; field: string | null; start: number; end: number };

const FIELD = /^(?:[A-Za-z_][\w]*|"(?:[^"\\]|\\.)+")(?:\.(?:[\w-]+|"(?:[^"\\]|\\.)+"))*:/;

function quotedEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

function bareEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && !/[\s()]/.test(text[end]!)) end++;
  return end;
}

/** Splits a query into terms, keywords and parentheses with their offsets; never throws. */
export function tokenizeQuery(text: string): QueryToken[] {
  const tokens: QueryToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '(' || c === ')') { tokens.push({ kind: 'paren', text: c, start: i, end: i + 1 }); i++; continue; }
    if (c === '-' && i + 1 < text.length && !/\s/.test(text[i + 1]!)) { tokens.push({ kind: 'keyword', text: 'NOT', start: i, end: i + 1 }); i++; continue; }
    const start = i;
    const field = FIELD.exec(text.slice(i));
    if (field) {
      i += field[0].length;
      const op = /^(>=|<=|>|<)/.exec(text.slice(i));
      if (op) i += op[0].length;
      i = text[i] === '"' ? quotedEnd(text, i) : bareEnd(text, i);
      tokens.push({ kind: 'term', text: text.slice(start, i), field: field[0].slice(0, -1), start, end: i });
      continue;
    }
    i = c === '"' ? quotedEnd(text, i) : bareEnd(text, i);
    const word = text.slice(start, i);
    if (word === 'AND' || word === 'OR' || word === 'NOT') tokens.push({ kind: 'keyword', text: word, start, end: i });
    else tokens.push({ kind: 'term', text: word, field: null, start, end: i });
  }
  return tokens;
}

/**
 * A value as the language reads it back unchanged: bare when it is one plain word, else double-quoted with
 * `\"` and `\\` escaped. Values starting with a comparison sign or a quote must be quoted too.
 */
export function quoteValue(value: string): string {
  if (value !== '' && !/[\s()"\\]/.test(value) && !/^[<>]/.test(value)) return value;
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export function fieldTerm(field: string, value: string): string {
  return `${field}:${quoteValue(value)}`;
}

function hasTopLevelOr(tokens: QueryToken[]): boolean {
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'paren') depth += t.text === '(' ? 1 : -1;
    else if (t.kind === 'keyword' && t.text === 'OR' && depth === 0) return true;
  }
  return false;
}

/** Where `term` stands alone in the query, and whether a NOT (or -) right before it negates it. */
function findTerm(query: string, term: string): { start: number; end: number; negated: boolean } | null {
  const tokens = tokenizeQuery(query);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'term' || t.text !== term) continue;
    const prev = tokens[i - 1];
    if (prev?.kind === 'keyword' && prev.text === 'NOT') return { start: prev.start, end: t.end, negated: true };
    return { start: t.start, end: t.end, negated: false };
  }
  return null;
}

function cut(query: string, start: number, end: number): string {
  // Only the spaces around the cut are collapsed: spaces inside quoted values are part of the value.
  const before = query.slice(0, start).replace(/\s+$/, '');
  const after = query.slice(end).replace(/^\s+/, '');
  return before && after ? `${before} ${after}` : before || after;
}

/** ANDs one more condition onto a query; a top-level OR is parenthesised first, since AND binds tighter. */
export function appendCondition(query: string, condition: string): string {
  const trimmed = query.trim();
  if (!trimmed) return condition;
  return hasTopLevelOr(tokenizeQuery(trimmed)) ? `(${trimmed}) ${condition}` : `${trimmed} ${condition}`;
}

export type TermState = 'included' | 'excluded' | null;

export function termState(query: string, field: string, value: string): TermState {
  const found = findTerm(query, fieldTerm(field, value));
  return found ? (found.negated ? 'excluded' : 'included') : null;
}

/**
 * Facet click: include `field:value`; a second click on an included value removes it; on an excluded one
 * it flips to included. Exclude is the same with `NOT field:value`.
 */
export function toggleTerm(query: string, field: string, value: string, mode: 'include' | 'exclude'): string {
  const term = fieldTerm(field, value);
  const found = findTerm(query, term);
  if (found) {
    const without = cut(query, found.start, found.end);
    const same = (mode === 'exclude') === found.negated;
    if (same) return without;
    return appendCondition(without, mode === 'exclude' ? `NOT ${term}` : term);
  }
  return appendCondition(query, mode === 'exclude' ? `NOT ${term}` : term);
}

/**
 * The word being typed at the caret, when it can still become a field name (no colon yet, not quoted):
 * what completion replaces.
 */
export function fieldPrefixAt(query: string, caret: number): { prefix: string; start: number; end: number } | null {
  let start = caret;
  while (start > 0 && /[\w.]/.test(query[start - 1]!)) start--;
  let end = caret;
  while (end < query.length && /[\w.]/.test(query[end]!)) end++;
  const prefix = query.slice(start, caret);
  if (query[end] === ':' || query[start - 1] === '"' || query[start - 1] === ':') return null;
  if (prefix === '' && start > 0 && !/[\s(-]/.test(query[start - 1]!)) return null;
  if (/^(AND|OR|NOT)$/.test(prefix)) return null;
  // Inside a quoted string the "word" is free text, not a field.
  let quotes = 0;
  for (let i = 0; i < start; i++) {
    if (query[i] === '\\') i++;
    else if (query[i] === '"') quotes++;
  }
  if (quotes % 2 === 1) return null;
  return { prefix, start, end };
}

export type QueryCondition = { text: string; start: number; end: number; negated: boolean };

/**
 * The ANDed conditions of a flat query (terms, NOT terms; no parentheses or OR), each with its span, so they
 * can be shown as removable chips; null when the query is not flat.
 */
export function flatConditions(query: string): QueryCondition[] | null {
  const tokens = tokenizeQuery(query);
  const out: QueryCondition[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'paren' || (t.kind === 'keyword' && t.text === 'OR')) return null;
    if (t.kind === 'keyword' && t.text === 'AND') continue;
    if (t.kind === 'keyword') {
      const next = tokens[i + 1];
      if (next?.kind !== 'term') return null;
      out.push({ text: `NOT ${next.text}`, start: t.start, end: next.end, negated: true });
      i++;
      continue;
    }
    out.push({ text: t.text, start: t.start, end: t.end, negated: false });
  }
  return out;
}

/** The query without one condition of flatConditions (and an AND left dangling before it). */
export function removeCondition(query: string, c: QueryCondition): string {
  let start = c.start;
  const before = query.slice(0, start).replace(/\s+$/, '');
  if (/(^|\s)AND$/.test(before)) start = before.length - 3;
  else if (/^\s*AND\s/.test(query.slice(c.end)) && !before) return query.slice(c.end).replace(/^\s*AND\s+/, '').trim();
  return cut(query, start, c.end);
}
