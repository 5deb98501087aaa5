/** A query in the search language as a tree of terms, written out with the quoting the parser expects. */
export type QueryTree = { kind: 'and' | 'or'; items: QueryTree[] } | { kind: 'not'; item: QueryTree } | { kind: 'term'; text: string };

/** A field value, bare when the tokenizer reads it back as written, else quoted with \" and \\ escaped. */
export function quoteValue(value: string): string {
  return value !== '' && !/[\s()"\\]/.test(value) && !/^[<>]/.test(value) ? value : `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** A raw.<path> field name: plain segments bare, others quoted (raw."addr.local"). */
export const rawField = (path: readonly string[]): string =>
  `raw.${path.map((p) => (/^[\w-]+$/.test(p) ? p : `"${p.replace(/[\\"]/g, '\\$&')}"`)).join('.')}`;

export const term = (field: string, value: string, op = ''): QueryTree => ({ kind: 'term', text: `${field}:${op}${quoteValue(value)}` });
export const freeText = (value: string): QueryTree => ({ kind: 'term', text: `"${value.replace(/[\\"]/g, '\\$&')}"` });

export function queryText(tree: QueryTree): string {
  switch (tree.kind) {
    case 'term':
      return tree.text;
    case 'not':
      return `NOT ${tree.item.kind === 'term' ? queryText(tree.item) : `(${queryText(tree.item)})`}`;
    case 'and':
    case 'or': {
      if (tree.items.length === 1) return queryText(tree.items[0]!);
      const joiner = tree.kind === 'and' ? ' AND ' : ' OR ';
      // Children of the same kind need no parentheses; an AND inside an OR gets them anyway, for the reader.
      return tree.items.map((i) => (i.kind === 'and' || i.kind === 'or') && i.kind !== tree.kind && i.items.length > 1 ? `(${queryText(i)})` : queryText(i)).join(joiner);
    }
  }
}
