// What the shared charts need from the metrics data layer, as an interface: shared components do
// not import entities (lint boundary), so the app provides the implementation (entities/metrics)
// through this context once, and every chart page reads through it.
import { createContext, useContext, type ReactNode } from 'react';
import type { NumericBucket } from '../../lib/chart-math/envelope';

export interface ChartBucketsRequest {
  runIds: readonly string[];
  metricKey: string;
  buckets: number;
  startStep?: number;
  endStep?: number;
}

export interface ChartBuckets {
  byRun: Map<string, NumericBucket[]>;
  /** 'buckets' = spike-preserving; 'sampled' = MLflow's step sampling fallback. */
  source: 'buckets' | 'sampled';
  isPending: boolean;
  isFetching: boolean;
  /** True while data for the current request has not arrived (previous data shown). */
  isPlaceholder: boolean;
  error: unknown;
  refetch: () => void;
}

export interface ChartHistoryPoint {
  step: number;
  value: number;
  timestamp: number;
}

export interface ChartHistoryPage {
  data?: { points: ChartHistoryPoint[]; nextPageToken?: string };
  isPlaceholderData: boolean;
  error: unknown;
  refetch: () => unknown;
}

export interface ChartMetricStats {
  min: number;
  max: number;
  last: number;
  lastStep: number;
  count: number;
}

export interface ChartDataSource {
  /** Min/max buckets of one metric for many runs (a React hook). */
  useHistoryBuckets: (request: ChartBucketsRequest, options: { enabled?: boolean; refetchInterval?: number | false }) => ChartBuckets;
  /** One page of a run's full-resolution history (a React hook). */
  useMetricHistoryPage: (request: { runId: string; metricKey: string; maxResults: number; pageToken?: string }) => ChartHistoryPage;
  /** Exact min/max/last per run from the whole history (a React hook; undefined until all arrived). */
  useMetricStats: (
    request: { runIds: readonly string[]; metricKey: string; startStep?: number; endStep?: number },
    options: { enabled: boolean; refetchInterval: number | false },
  ) => Map<string, ChartMetricStats> | undefined;
  /** Every point of a run's metric, optionally within a step window (for exports). */
  getFullMetricHistory: (
    request: { runId: string; metricKey: string; startStep?: number; endStep?: number },
    signal?: AbortSignal,
  ) => Promise<ChartHistoryPoint[]>;
}

const ChartDataContext = createContext<ChartDataSource | null>(null);

export function ChartDataProvider({ source, children }: { source: ChartDataSource; children: ReactNode }) {
  return <ChartDataContext.Provider value={source}>{children}</ChartDataContext.Provider>;
}

export function useChartData(): ChartDataSource {
  const source = useContext(ChartDataContext);
  if (!source) throw new Error('Charts need a ChartDataProvider (see app/providers.tsx)');
  return source;
}
