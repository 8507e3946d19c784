// runs/search and the UI's experiments/search-datasets.
//
// One SQL query finds the page: filters become EXISTS subqueries against the (run_uuid, key)
// primary keys / (key, value) indexes, each order_by key on a metric, param or tag is one LEFT
// JOIN, and LIMIT/OFFSET cut the page in SQL. Params, tags, latest metrics and dataset inputs are
// then loaded for just the page's runs in a few `IN (...)` queries.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Run, ViewType } from '../../src/lib/mlflow/wire-types.js';
import {
  decodePageToken,
  encodePageToken,
  FilterSyntaxError,
  PageTokenError,
  parseFilter,
  parseOrderBy,
  type FilterClause,
  type OrderByClause,
} from '../../src/lib/mlflow/filter/index.js';
import { invalidParameter } from '../http/mlflow-error.js';
import { invalidValue } from '../http/request-input.js';
import type { Db } from '../store/database.js';
import type { Database } from '../store/schema.js';
import { parseExperimentId } from './experiments.js';
import { DATASET_CONTEXT_TAG, rowsToWireRuns, type RunRow } from './runs.js';
import { compareCondition, viewTypeStages } from './sql-helpers.js';

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
}

export interface SearchRunsResult {
  runs?: Run[];
  next_page_token?: string;
}

/** Columns of the table joined once per order_by key (latest_metrics, params or tags). */
interface SortTable {
  run_uuid: string;
  key: string;
  value: number | string;
  is_nan: number;
}
type SortAlias = `sort_${number}`;
type SearchDb = Database & { [alias in SortAlias]: SortTable };
type SearchQuery = SelectQueryBuilder<SearchDb, 'runs' | SortAlias, RunRow>;
type RunsEb = ExpressionBuilder<SearchDb, 'runs' | SortAlias>;

const ATTRIBUTE_COLUMNS: Readonly<Record<string, keyof RunRow>> = {
  run_id: 'run_uuid',
  run_name: 'name',
  status: 'status',
  user_id: 'user_id',
  artifact_uri: 'artifact_uri',
  start_time: 'start_time',
  end_time: 'end_time',
};

function attributeColumn(key: string): `runs.${keyof RunRow}` {
  const column = ATTRIBUTE_COLUMNS[key];
  if (!column) throw invalidParameter(`Invalid attribute key '${key}' specified.`);
  return `runs.${column}`;
}

function parseSearch(input: SearchRunsInput): { clauses: FilterClause[]; orderBy: OrderByClause[]; offset: number } {
  try {
    return {
      clauses: parseFilter(input.filter ?? '', 'runs').clauses,
      orderBy: parseOrderBy(input.orderBy, 'runs'),
      offset: input.pageToken ? decodePageToken(input.pageToken) : 0,
    };
  } catch (error) {
    if (error instanceof FilterSyntaxError || error instanceof PageTokenError) throw invalidParameter(error.message);
    throw error;
  }
}

/** One filter clause as a condition on the current `runs` row. */
function clauseCondition(eb: RunsEb, clause: FilterClause): Expression<SqlBool> {
  switch (clause.type) {
    case 'attribute':
      return compareCondition(attributeColumn(clause.key), clause.op, clause.value);
    case 'metric':
      // Compares the latest value; NaN (stored as 0 + flag) never matches a comparison.
      return eb.exists(
        eb
          .selectFrom('latest_metrics')
          .select(sql`1`.as('one'))
          .whereRef('latest_metrics.run_uuid', '=', 'runs.run_uuid')
          .where('latest_metrics.key', '=', clause.key)
          .where('latest_metrics.is_nan', '=', 0)
          .where(compareCondition('latest_metrics.value', clause.op, clause.value)),
      );
    case 'param':
      return eb.exists(
        eb
          .selectFrom('params')
          .select(sql`1`.as('one'))
          .whereRef('params.run_uuid', '=', 'runs.run_uuid')
          .where('params.key', '=', clause.key)
          .where(compareCondition('params.value', clause.op, clause.value)),
      );
    case 'tag':
      return eb.exists(
        eb
          .selectFrom('tags')
          .select(sql`1`.as('one'))
          .whereRef('tags.run_uuid', '=', 'runs.run_uuid')
          .where('tags.key', '=', clause.key)
          .where(compareCondition('tags.value', clause.op, clause.value)),
      );
    case 'dataset':
      if (clause.key === 'context') {
        return eb.exists(
          eb
            .selectFrom('input_tags')
            .select(sql`1`.as('one'))
            .whereRef('input_tags.run_uuid', '=', 'runs.run_uuid')
            .where('input_tags.key', '=', DATASET_CONTEXT_TAG)
            .where(compareCondition('input_tags.value', clause.op, clause.value)),
        );
      }
      if (clause.key !== 'name' && clause.key !== 'digest') throw invalidParameter(`Invalid dataset key '${clause.key}' specified.`);
      return eb.exists(
        eb
          .selectFrom('run_inputs')
          .innerJoin('datasets', 'datasets.dataset_uuid', 'run_inputs.dataset_uuid')
          .select(sql`1`.as('one'))
          .whereRef('run_inputs.run_uuid', '=', 'runs.run_uuid')
          .where(compareCondition(`datasets.${clause.key}`, clause.op, clause.value)),
      );
  }
}

/**
 * MLflow's ordering: per key, rows that have a value first, then (metrics only) NaN, then rows
 * without the key — in both directions; then the value itself. Tie-breakers: start_time DESC
 * (unless ordered by start_time already), then run_id ASC.
 */
function applyOrder(query: SearchQuery, orderBy: readonly OrderByClause[]): SearchQuery {
  let ordered = query;
  orderBy.forEach((clause, index) => {
    const direction = clause.ascending ? 'asc' : 'desc';
    if (clause.type === 'attribute') {
      const column = attributeColumn(clause.key);
      ordered = ordered.orderBy(sql`case when ${sql.ref(column)} is null then 1 else 0 end`).orderBy(column, direction);
      return;
    }
    const alias: SortAlias = `sort_${index}`;
    const table = clause.type === 'metric' ? 'latest_metrics' : clause.type === 'param' ? 'params' : 'tags';
    ordered = ordered.leftJoin(`${table} as ${alias}`, (join) =>
      join.onRef(`${alias}.run_uuid`, '=', 'runs.run_uuid').on(`${alias}.key`, '=', clause.key),
    );
    const missingFirst =
      clause.type === 'metric'
        ? sql`case when ${sql.ref(`${alias}.is_nan`)} = 1 then 1 when ${sql.ref(`${alias}.value`)} is null then 2 else 0 end`
        : sql`case when ${sql.ref(`${alias}.value`)} is null then 1 else 0 end`;
    ordered = ordered.orderBy(missingFirst).orderBy(`${alias}.value`, direction);
  });
  if (!orderBy.some((clause) => clause.type === 'attribute' && clause.key === 'start_time')) {
    ordered = ordered.orderBy('runs.start_time', 'desc');
  }
  return ordered.orderBy('runs.run_uuid', 'asc');
}

export async function searchRuns(db: Db, input: SearchRunsInput): Promise<SearchRunsResult> {
  if (!Number.isInteger(input.maxResults) || input.maxResults < 1 || input.maxResults > MAX_RESULTS_LIMIT) {
    throw invalidValue('max_results', input.maxResults);
  }
  const { clauses, orderBy, offset } = parseSearch(input);
  const experimentIds = input.experimentIds.map(parseExperimentId).filter((id): id is number => id !== undefined);
  if (experimentIds.length === 0) return {};

  const searchDb = db as unknown as Kysely<SearchDb>;
  let query = searchDb
    .selectFrom('runs')
    .select([
      'runs.run_uuid',
      'runs.name',
      'runs.experiment_id',
      'runs.user_id',
      'runs.status',
      'runs.start_time',
      'runs.end_time',
      'runs.lifecycle_stage',
      'runs.artifact_uri',
    ])
    .where('runs.experiment_id', 'in', experimentIds)
    .where('runs.lifecycle_stage', 'in', viewTypeStages(input.runViewType)) as unknown as SearchQuery;
  for (const clause of clauses) query = query.where((eb) => clauseCondition(eb, clause));
  query = applyOrder(query, orderBy).limit(input.maxResults).offset(offset);

  const rows = await query.execute();
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
  const rows = await db
    .selectFrom('datasets')
    .innerJoin('run_inputs', 'run_inputs.dataset_uuid', 'datasets.dataset_uuid')
    .leftJoin('input_tags', (join) =>
      join
        .onRef('input_tags.run_uuid', '=', 'run_inputs.run_uuid')
        .onRef('input_tags.dataset_uuid', '=', 'run_inputs.dataset_uuid')
        .on('input_tags.key', '=', DATASET_CONTEXT_TAG),
    )
    .select(['datasets.experiment_id', 'datasets.name', 'datasets.digest', 'input_tags.value as context'])
    .distinct()
    .where('datasets.experiment_id', 'in', ids)
    .orderBy('datasets.experiment_id')
    .orderBy('datasets.name')
    .orderBy('datasets.digest')
    .orderBy('context')
    .limit(MAX_DATASET_SUMMARIES)
    .execute();
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
