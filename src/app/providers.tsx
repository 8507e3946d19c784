import { QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ChartDataProvider, type ChartDataSource } from '../components/charts/chart-data';
import { ToastProvider, useToast } from '../components/toast';
import { useHistoryBuckets } from '../entities/metrics/api/get-history-buckets';
import { getFullMetricHistory, useMetricHistoryPage, useMetricStats } from '../entities/metrics/api/get-metric-history';
import { createQueryClient } from '../lib/query-client';
import { appQueryClientOnce } from './route-query-client';

function QueryProvider({ children }: { children: ReactNode }) {
  const toast = useToast();
  // The toast API is stable, so the client (and its cache) is created once, and route loaders
  // prefetch into it.
  const [queryClient] = useState(() => appQueryClientOnce(() => createQueryClient(() => toast)));
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}

// The shared charts read metrics through this (components do not import entities).
const chartData: ChartDataSource = { useHistoryBuckets, useMetricHistoryPage, useMetricStats, getFullMetricHistory };

export function AppProviders({ children }: { children: ReactNode }) {
  return (
    <ToastProvider>
      <QueryProvider>
        <ChartDataProvider source={chartData}>{children}</ChartDataProvider>
      </QueryProvider>
    </ToastProvider>
  );
}
