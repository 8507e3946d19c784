// Query keys of the metrics entity: every metric query's key comes from here, with all its inputs.
import type { HistoryBucketsRequest, HistoryPageRequest, HistoryStatsRequest } from './metric-model';

export const metricsKeys = {
  all: ['metrics'] as const,
  historyPage: (request: HistoryPageRequest) => ['metrics', 'history-page', request] as const,
  historyStats: (request: HistoryStatsRequest) => ['metrics', 'history-stats', request] as const,
  historyBuckets: (request: HistoryBucketsRequest) => ['metrics', 'history-buckets', request] as const,
};
