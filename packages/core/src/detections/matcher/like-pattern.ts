/**
 * A SQL LIKE pattern (backslash escapes, as query-fields.ts writes them) as an anchored RegExp that matches
 * what Postgres's LIKE matches: `%` any run of characters, newlines included, `_` one character, `\x` the
 * character x. Case-sensitive, as LIKE is under a deterministic collation.
 */
export function likeRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]!);
    else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`, 'su');
}

// In unicode mode only syntax characters may be escaped.
const escapeRegExp = (c: string) => c.replace(/[\\^$.*+?()[\]{}|]/g, (m) => `\\${m}`);
