import { QueryClientProvider } from '@tanstack/react-query';
import { useLayoutEffect, type ReactNode } from 'react';
import { ChartDataProvider, type ChartDataSource } from '../components/charts/chart-data';
import { ToastProvider, useToast } from '../components/toast';
import { useHistoryBuckets } from '../entities/metrics/api/get-history-buckets';
import { getFullMetricHistory, useMetricHistoryPage, useMetricStats } from '../entities/metrics/api/get-metric-history';
import { appQueryClient, setMutationNotifier } from './app-query-client';

function QueryProvider({ children }: { children: ReactNode }) {
  const toast = useToast();
  useLayoutEffect(() => {
    setMutationNotifier(toast);
    return () => setMutationNotifier(undefined);
  }, [toast]);
  return <QueryClientProvider client={appQueryClient}>{children}</QueryClientProvider>;
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
