/** Route of a metric's chart page; the key is encoded so keys with slashes stay one segment. */
export function metricChartPath(experimentId: string, runId: string, key: string): string {
  return `/experiments/${encodeURIComponent(experimentId)}/runs/${encodeURIComponent(runId)}/metrics/${encodeURIComponent(key)}`;
}

export function runPath(experimentId: string, runId: string): string {
  return `/experiments/${encodeURIComponent(experimentId)}/runs/${encodeURIComponent(runId)}`;
}
