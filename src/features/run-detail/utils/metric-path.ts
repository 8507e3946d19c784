import { paths } from '../../../config/paths';

/** Route of a metric's chart page; the key is encoded so keys with slashes stay one segment. */
export function metricChartPath(experimentId: string, runId: string, key: string): string {
  return paths.runMetric(experimentId, runId, key);
}

export function runPath(experimentId: string, runId: string): string {
  return paths.run(experimentId, runId);
}
