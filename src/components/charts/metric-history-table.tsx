// Every logged value of one run's metric at full resolution, a page at a time
// (metrics/get-history with max_results / page_token): the metric pages' "All values" table.
import { useState } from 'react';
import { useChartData } from './chart-data';
import { formatMetricValue } from '../../lib/format/format-number';
import { ErrorPanel } from '../error-view';

const PAGE_SIZES = [100, 1000, 10000] as const;

export function MetricHistoryTable({ runId, metricKey }: { runId: string; metricKey: string }) {
  const [pageSize, setPageSize] = useState<number>(100);
  // Tokens of the pages before the current one; the last entry is the current page's token.
  const [tokens, setTokens] = useState<string[]>(['']);
  const pageToken = tokens[tokens.length - 1] ?? '';
  const { useMetricHistoryPage } = useChartData();
  const page = useMetricHistoryPage({ runId, metricKey, maxResults: pageSize, pageToken: pageToken || undefined });
  const firstRow = (tokens.length - 1) * pageSize;
  return (
    <div className="metric-history-table" data-testid="history-table">
      <div className="toolbar">
        <label className="charts-field">
          <span>Rows per page</span>
          <select
            className="select"
            value={pageSize}
            onChange={(event) => {
              setPageSize(Number(event.target.value));
              setTokens(['']);
            }}
          >
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size.toLocaleString('en-US')}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn btn-sm"
          disabled={tokens.length <= 1}
          onClick={() => setTokens((previous) => previous.slice(0, -1))}
        >
          Previous page
        </button>
        <button
          type="button"
          className="btn btn-sm"
          disabled={!page.data?.nextPageToken || page.isPlaceholderData}
          onClick={() => {
            const next = page.data?.nextPageToken;
            if (next) setTokens((previous) => [...previous, next]);
          }}
        >
          Next page
        </button>
        <span className="muted" role="status" data-testid="history-range">
          {page.data
            ? `Rows ${(firstRow + 1).toLocaleString('en-US')}–${(firstRow + page.data.points.length).toLocaleString('en-US')}`
            : 'Loading…'}
        </span>
      </div>
      {page.error ? (
        <ErrorPanel error={page.error} title="Could not load the history" onRetry={() => void page.refetch()} />
      ) : (
        <div className="metric-history-scroll" tabIndex={0} role="region" aria-label={`Values of ${metricKey}`}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Value</th>
                <th scope="col">Timestamp</th>
              </tr>
            </thead>
            <tbody>
              {(page.data?.points ?? []).map((point, index) => (
                <tr key={`${point.step}-${point.timestamp}-${index}`}>
                  <td className="mono">{point.step}</td>
                  <td className="mono" title={String(point.value)}>
                    {formatMetricValue(point.value)}
                  </td>
                  <td>{new Date(point.timestamp).toISOString().replace('T', ' ').replace('Z', '')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
