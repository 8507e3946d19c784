import { MetricHistoryPage } from '../../features/charts/metric-history-page';

/** `/metrics?runs=a,b&key=loss`: one metric across runs. */
export function Component() {
  return <MetricHistoryPage />;
}
