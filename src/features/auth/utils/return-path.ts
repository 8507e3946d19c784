/** Where to go after signing in: a path of this app only (never `//host` or `https://…`). */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/signin'))
    return '/experiments';
  return next;
}
