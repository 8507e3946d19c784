// The path a request is routed by. Werkzeug merges runs of slashes before matching, so MLflow
// answers `//model-versions/get-artifact` and `/api//2.0/...` like their single-slash forms; the
// routes, the security checks and the auth challenge must all see that same path.

/** The path of a request URL (no query string), with runs of slashes merged into one. */
export function routingPath(url: string): string {
  const question = url.indexOf('?');
  const path = question < 0 ? url : url.slice(0, question);
  return path.includes('//') ? path.replace(/\/{2,}/g, '/') : path;
}
