// The metrics entity's request and result shapes (wire types live in lib/mlflow/wire-types).
import type { NumericBucket } from '../../lib/chart-math/envelope';

export interface HistoryBucketsRequest {
  runIds: readonly string[];
  metricKey: string;
  buckets: number;
  startStep?: number;
  endStep?: number;
}

export interface HistoryBucketsResult {
  byRun: Map<string, NumericBucket[]>;
  /** 'buckets' = spike-preserving; 'sampled' = MLflow's step sampling fallback. */
  source: 'buckets' | 'sampled';
  /** A first answer from a sample (--proxy-to, histories not cached yet): the exact buckets are asked for next. */
  refining: boolean;
}

export interface HistoryPoint {
  step: number;
  value: number;
  timestamp: number;
}

export interface HistoryPage {
  points: HistoryPoint[];
  nextPageToken?: string;
}

export interface HistoryPageRequest {
  runId: string;
  metricKey: string;
  maxResults: number;
  pageToken?: string;
}

export interface HistoryStatsRequest {
  runId: string;
  metricKey: string;
  startStep?: number;
  endStep?: number;
}
