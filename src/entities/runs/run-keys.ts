// The one query-key factory for runs: every runs query of every feature sits under `runKeys.all`,
// so a change to a run (rename, delete, tag) reaches the table, the charts, compare and the run
// page with one invalidation. Every input of a query is in its key.
import type { SearchRunsParams } from './run-search-params';

export const runKeys = {
  all: ['runs'] as const,
  /** Every runs/search query (lists of runs), whatever the feature. */
  searches: () => [...runKeys.all, 'search'] as const,
  /** The runs table's infinite list. */
  pages: (params: SearchRunsParams) => [...runKeys.searches(), 'pages', params] as const,
  /** The first `maxResults` runs of a search, in one list (charts). */
  list: (params: SearchRunsParams, maxResults: number) => [...runKeys.searches(), 'list', params, maxResults] as const,
  children: (parentRunId: string, params: SearchRunsParams, limit: number) =>
    [...runKeys.searches(), 'children', parentRunId, params, limit] as const,
  /** A fixed set of runs (pinned, compared); no experiment ids means every experiment. */
  byIds: (runIds: readonly string[], experimentIds: readonly string[] | undefined) =>
    [...runKeys.searches(), 'by-ids', { runIds, experimentIds: experimentIds ?? null }] as const,
  hasRuns: (experimentId: string) => [...runKeys.searches(), 'has-runs', experimentId] as const,
  details: () => [...runKeys.all, 'detail'] as const,
  detail: (runId: string) => [...runKeys.details(), runId] as const,
  /** One folder of a run's artifacts. */
  artifacts: (runId: string, path: string) => [...runKeys.all, 'artifacts', runId, path] as const,
};
