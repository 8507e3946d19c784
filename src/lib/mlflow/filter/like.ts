// SQL LIKE patterns as regular expressions, for matching outside a database (in-memory
// stores, client-side filtering). `%` matches any run of characters, `_` exactly one
// character; there is no escape character, so everything else (backslash included) is literal.

const REGEXP_SYNTAX = /[\\^$.*+?()[\]{}|/]/;

export function likeToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  let source = '';
  // for..of walks code points, so `_` matches one character even outside the BMP.
  for (const ch of pattern) {
    if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else source += REGEXP_SYNTAX.test(ch) ? `\\${ch}` : ch;
  }
  // s: `%` and `_` also match newlines; u: code points; i: ILIKE.
  return new RegExp(`^${source}$`, caseInsensitive ? 'isu' : 'su');
}

/** LIKE (case-sensitive, as MLflow configures every backend) or ILIKE when `caseInsensitive`. */
export function matchesLike(value: string, pattern: string, caseInsensitive: boolean): boolean {
  return likeToRegExp(pattern, caseInsensitive).test(value);
}
