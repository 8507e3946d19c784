// runs/search and the UI's experiments/search-datasets: MLflow's limits, filter and page-token
// rules; the SQL (and why it is shaped as it is) lives in store/search-runs.ts.
import type { Run, ViewType } from '../../src/lib/mlflow/wire-types.js';
import {
  decodePageToken,
  encodePageToken,
  FilterSyntaxError,
  PageTokenError,
  isJunction,
  parseFilter,
  parseOrderBy,
  type FilterExpression,
  type OrderByClause,
} from '../../src/lib/mlflow/filter/index.js';
import { invalidParameter, invalidValue } from '../errors.js';
import type { Db } from '../store/database.js';
import { viewTypeStages } from '../store/filter-conditions.js';
import { findDatasetSummaries, findRunsPage } from '../store/search-runs.js';
import { parseExperimentId } from './experiments.js';
import { rowsToWireRuns } from './runs.js';

export const DEFAULT_MAX_RESULTS = 1000;
export const MAX_RESULTS_LIMIT = 50000;
const MAX_DATASET_SEARCH_EXPERIMENTS = 20;
const MAX_DATASET_SUMMARIES = 1000;

export interface SearchRunsInput {
  experimentIds: readonly string[];
  filter?: string;
  runViewType: ViewType;
  maxResults: number;
  orderBy: readonly string[];
  pageToken?: string;
  /** Accept OR and parentheses in the filter (Runboard extension); MLflow refuses them. */
  allowOr?: boolean;
}

export interface SearchRunsResult {
  runs?: Run[];
  next_page_token?: string;
}

/**
 * The filter's top-level AND: plain clauses (which may drive the query) and OR groups. A
 * filter that is one OR group is a single conjunct.
 */
function conjunctsOf(expression: FilterExpression | null): FilterExpression[] {
  if (expression === null) return [];
  return isJunction(expression) && expression.junction === 'AND' ? expression.operands : [expression];
}

function parseSearch(input: SearchRunsInput): { clauses: FilterExpression[]; orderBy: OrderByClause[]; offset: number } {
  try {
    return {
      clauses: conjunctsOf(parseFilter(input.filter ?? '', 'runs', { allowOr: input.allowOr ?? false }).expression),
      orderBy: parseOrderBy(input.orderBy, 'runs'),
      offset: input.pageToken ? decodePageToken(input.pageToken) : 0,
    };
  } catch (error) {
    if (error instanceof FilterSyntaxError || error instanceof PageTokenError) throw invalidParameter(error.message);
    throw error;
  }
}

export async function searchRuns(db: Db, input: SearchRunsInput): Promise<SearchRunsResult> {
  if (!Number.isInteger(input.maxResults) || input.maxResults < 1 || input.maxResults > MAX_RESULTS_LIMIT) {
    throw invalidValue('max_results', input.maxResults);
  }
  const { clauses, orderBy, offset } = parseSearch(input);
  const experimentIds = input.experimentIds.map(parseExperimentId).filter((id): id is number => id !== undefined);
  if (experimentIds.length === 0) return {};
  const scope = { experimentIds, stages: viewTypeStages(input.runViewType) };

  const rows = await findRunsPage(db, scope, clauses, orderBy, offset, input.maxResults);
  if (rows.length === 0) return {};
  const runs = await rowsToWireRuns(db, rows);
  return {
    runs,
    // MLflow hands out a token whenever the page is full, even when nothing follows.
    ...(rows.length === input.maxResults ? { next_page_token: encodePageToken(offset + input.maxResults) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// experiments/search-datasets (UI only)
// ---------------------------------------------------------------------------------------------

export interface DatasetSummary {
  experiment_id: string;
  name: string;
  digest: string;
  context?: string;
}

/**
 * Distinct (experiment, dataset, context) triples of the datasets that belong to the given
 * experiments (a dataset belongs to the experiment that logged it first).
 */
export async function searchDatasets(db: Db, experimentIds: readonly string[]): Promise<{ dataset_summaries?: DatasetSummary[] }> {
  if (experimentIds.length === 0) throw invalidParameter('SearchDatasets request must specify at least one experiment_id.');
  if (experimentIds.length > MAX_DATASET_SEARCH_EXPERIMENTS) {
    throw invalidParameter(
      `SearchDatasets request cannot specify more than ${MAX_DATASET_SEARCH_EXPERIMENTS} experiment_ids. Received ${experimentIds.length} experiment_ids.`,
    );
  }
  const ids = experimentIds.map(parseExperimentId).filter((id): id is number => id !== undefined);
  if (ids.length === 0) return {};
  const rows = await findDatasetSummaries(db, ids, MAX_DATASET_SUMMARIES);
  if (rows.length === 0) return {};
  return {
    dataset_summaries: rows.map((row) => ({
      experiment_id: String(row.experiment_id),
      name: row.name,
      digest: row.digest,
      ...(row.context !== null ? { context: row.context } : {}),
    })),
  };
}
