import { MetricHistoryPage } from '../../features/run-detail/components/metric-history-page';

export function Component() {
  return <MetricHistoryPage />;
}
