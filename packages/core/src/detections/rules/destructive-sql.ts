/**
 * Whether an SQL text holds a statement that destroys data wholesale: DROP, TRUNCATE, or DELETE without
 * WHERE. Quoted strings, quoted identifiers and comments are blanked first, so a `;` or a `WHERE` inside
 * them neither splits nor saves a statement; case and spacing do not matter. Not a parser: it reads the
 * first keyword of each statement, which is what these three need.
 */
export function isDestructiveSql(text: string): boolean {
  const blanked = text
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"(?:[^"]|"")*"/g, '""')
    .replace(/`[^`]*`/g, '``');
  return blanked.split(';').some((statement) => {
    const upper = statement.trim().toUpperCase();
    const first = /^[A-Z]+/.exec(upper)?.[0];
    if (first === 'DROP' || first === 'TRUNCATE') return true;
    return first === 'DELETE' && !/\bWHERE\b/.test(upper);
  });
}
