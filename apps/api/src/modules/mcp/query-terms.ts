import { parseQuery, QuerySyntaxError } from '@tai/core';
import { ToolError } from './tool-error.js';

/**
 * Typed tool arguments (user, node, cluster…) written as terms of the search language, so an assistant need not
 * get the quoting right. Wildcards still work inside quotes.
 */
export function quoteValue(value: string): string {
  if (value !== '' && !/[\s"()\\]/.test(value) && !/^[<>]/.test(value)) return value;
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export const term = (field: string, value: string): string => `${field}:${quoteValue(value)}`;

/**
 * The free query ANDed with the typed terms; the free query in parentheses, so its OR cannot swallow them. It is
 * parsed first: `a) OR (b` would otherwise close the parentheses early and leave the terms on one side of its OR.
 */
export function joinQuery(query: string | undefined, terms: ReadonlyArray<string | null | undefined>): string | undefined {
  const typed = terms.filter((t): t is string => Boolean(t));
  const free = query?.trim() ? query.trim() : null;
  if (!free) return typed.length ? typed.join(' ') : undefined;
  try {
    parseQuery(free);
  } catch (err) {
    if (!(err instanceof QuerySyntaxError)) throw err;
    throw new ToolError('query.invalid', err.message, { parameter: 'query', position: err.position, expected: err.expected, ...(err.hint ? { hint: err.hint } : {}) });
  }
  if (typed.length === 0) return free;
  return [`(${free})`, ...typed].join(' ');
}
