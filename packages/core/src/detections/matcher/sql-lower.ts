/**
 * Postgres's lower() under a libc UTF-8 locale, character by character (towlower): JS's toLowerCase
 * applies context (a final Σ becomes ς) and multi-character mappings (İ becomes i + U+0307), which
 * lower() does not. Used where the SQL side lower()s a column, so both sides fold case the same way.
 */
export function sqlLower(text: string): string {
  let out = '';
  for (const c of text) {
    if (c === '\u0130') {
      out += 'i';
      continue;
    }
    const lower = c.toLowerCase();
    out += [...lower].length === 1 ? lower : c;
  }
  return out;
}
