// The SQL of runs/search and of the UI's experiments/search-datasets.
//
// A page of runs/search is found in SQL (LIMIT/OFFSET), then params, tags, latest metrics and
// dataset inputs are loaded for just the page's runs in a few `IN (...)` queries.
//
// SQLite plans joins without statistics, and a plan that probes every run of a large experiment
// (random run ids, so random B-tree lookups) costs about a second per 100,000 runs. So the query
// is shaped around a "driver" chosen here, and SQLite is told the join order (CROSS JOIN):
//   - filter driver: a filter that matches few rows (counted, capped, through its (key, value)
//     index) supplies the candidate runs;
//   - sort driver: when the first order_by key is a metric / param / tag, its (key, value) index
//     is walked in order, so the first page stops early. MLflow puts runs with NaN (metrics) and
//     runs without the key after the others, in both directions: those come from two more
//     queries, only run when the page reaches them;
//   - runs driver: the experiment's runs, through (experiment_id, lifecycle_stage, start_time),
//     which already gives the default start_time DESC order.
// Every other filter is a scalar subquery on the run's (run_uuid, key) primary key, which the
// planner cannot swap for a worse index.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { isJunction, type FilterClause, type FilterExpression, type OrderByClause } from '../../src/lib/mlflow/filter/index.js';
import { invalidParameter } from '../errors.js';
import { isPostgres, type Db } from './database.js';
import { compareCondition } from './filter-conditions.js';
import { DATASET_CONTEXT_TAG, type RunRow } from './runs.js';
import type { Database } from './schema.js';

/** A filter matching at most this many rows drives the query. */
const FILTER_DRIVER_MAX_ROWS = 1000;
/** Experiments with at most this many runs are simply scanned and sorted. */
const SMALL_SCOPE_MAX_RUNS = 2000;

/** A latest_metrics / params / tags row, as the driver table or one joined per order_by key. */
interface KeyedRow {
  run_uuid: string;
  key: string;
  value: number | string;
  is_nan: number;
}
type SortAlias = `sort_${number}`;
type Tables = 'runs' | 'drv' | SortAlias;
type SearchDb = Database & { drv: KeyedRow } & { [alias in SortAlias]: KeyedRow };
type SearchQuery = SelectQueryBuilder<SearchDb, Tables, RunRow>;
type SearchEb = ExpressionBuilder<SearchDb, Tables>;
type KeyedTable = 'latest_metrics' | 'params' | 'tags';
/** The column that names the candidate run: the driver's, or the runs table's. */
type RunRef = 'drv.run_uuid' | 'runs.run_uuid';

const ATTRIBUTE_COLUMNS: Readonly<Record<string, keyof RunRow>> = {
  run_id: 'run_uuid',
  run_name: 'name',
  status: 'status',
  user_id: 'user_id',
  artifact_uri: 'artifact_uri',
  start_time: 'start_time',
  end_time: 'end_time',
};

const RUN_SELECTION = [
  'runs.run_uuid',
  'runs.name',
  'runs.experiment_id',
  'runs.user_id',
  'runs.status',
  'runs.start_time',
  'runs.end_time',
  'runs.lifecycle_stage',
  'runs.artifact_uri',
] as const;

function attributeColumn(key: string): `runs.${keyof RunRow}` {
  const column = ATTRIBUTE_COLUMNS[key];
  if (!column) throw invalidParameter(`Invalid attribute key '${key}' specified.`);
  return `runs.${column}`;
}

function keyedTable(type: FilterClause['type'] | OrderByClause['type']): KeyedTable {
  return type === 'metric' ? 'latest_metrics' : type === 'param' ? 'params' : 'tags';
}

// ---------------------------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------------------------

/**
 * The candidate run a filter looks at, and how metric / param / tag filters are written for this
 * database: SQLite gets a scalar subquery on the (run_uuid, key) primary key, which its planner
 * cannot swap for a worse index; PostgreSQL gets EXISTS, whose selectivity it can estimate from
 * the (key, value) statistics (a scalar subquery compared to a constant gets a fixed 0.5% guess,
 * which made it scan and sort every run of the experiment instead of walking the sort index).
 * Both mean the same: (run_uuid, key) is unique, and a run without the key matches neither way.
 */
interface Candidate {
  run: RunRef;
  keyedAsExists: boolean;
}

/** The run's value for a metric (NULL for NaN: NaN never matches) / param / tag key. */
function keyedValue(eb: SearchEb, type: 'metric' | 'param' | 'tag', key: string, runRef: RunRef): Expression<unknown> {
  if (type === 'metric') {
    return eb
      .selectFrom('latest_metrics as fm')
      .select(sql<number>`case when ${sql.ref('fm.is_nan')} = 0 then ${sql.ref('fm.value')} end`.as('value'))
      .whereRef('fm.run_uuid', '=', runRef)
      .where('fm.key', '=', key);
  }
  // params and tags have the same shape; one literal type keeps the builder's type simple.
  const table = `${keyedTable(type)} as fk` as 'params as fk';
  return eb.selectFrom(table).select('fk.value').whereRef('fk.run_uuid', '=', runRef).where('fk.key', '=', key);
}

/** The run has the key and its value (not NaN) compares true. */
function keyedExists(eb: SearchEb, clause: FilterClause & { type: 'metric' | 'param' | 'tag' }, runRef: RunRef): Expression<SqlBool> {
  // The three tables share run_uuid / key / value; one literal type keeps the builder's type simple.
  const table = `${keyedTable(clause.type)} as fk` as 'latest_metrics as fk';
  return eb.exists(
    eb
      .selectFrom(table)
      .select(sql`1`.as('one'))
      .whereRef('fk.run_uuid', '=', runRef)
      .where('fk.key', '=', clause.key)
      .$if(clause.type === 'metric', (query) => query.where('fk.is_nan', '=', 0))
      .where(compareCondition(sql.ref('fk.value'), clause.op, clause.value)),
  );
}

/** One filter clause as a condition on the candidate run. */
function clauseCondition(eb: SearchEb, clause: FilterClause, candidate: Candidate): Expression<SqlBool> {
  const runRef = candidate.run;
  switch (clause.type) {
    case 'attribute':
      return compareCondition(sql.ref(attributeColumn(clause.key)), clause.op, clause.value);
    case 'metric':
    case 'param':
    case 'tag':
      if (candidate.keyedAsExists) return keyedExists(eb, { ...clause, type: clause.type }, runRef);
      return compareCondition(keyedValue(eb, clause.type, clause.key, runRef), clause.op, clause.value);
    case 'dataset':
      if (clause.key === 'context') {
        return eb.exists(
          eb
            .selectFrom('input_tags')
            .select(sql`1`.as('one'))
            .whereRef('input_tags.run_uuid', '=', runRef)
            .where('input_tags.key', '=', DATASET_CONTEXT_TAG)
            .where(compareCondition(sql.ref('input_tags.value'), clause.op, clause.value)),
        );
      }
      if (clause.key !== 'name' && clause.key !== 'digest') throw invalidParameter(`Invalid dataset key '${clause.key}' specified.`);
      return eb.exists(
        eb
          .selectFrom('run_inputs')
          .innerJoin('datasets', 'datasets.dataset_uuid', 'run_inputs.dataset_uuid')
          .select(sql`1`.as('one'))
          .whereRef('run_inputs.run_uuid', '=', runRef)
          .where(compareCondition(sql.ref(`datasets.${clause.key}`), clause.op, clause.value)),
      );
    case 'request_metadata':
      // The runs grammar has no such prefix; only trace searches produce these clauses.
      throw invalidParameter('Runs have no request metadata.');
  }
}

/** A filter tree as one condition; SQL's three-valued AND / OR match the reference evaluator (no NOT). */
function expressionCondition(eb: SearchEb, expression: FilterExpression, candidate: Candidate): Expression<SqlBool> {
  if (!isJunction(expression)) return clauseCondition(eb, expression, candidate);
  const operands = expression.operands.map((operand) => expressionCondition(eb, operand, candidate));
  return expression.junction === 'AND' ? eb.and(operands) : eb.or(operands);
}

/** Filters a (key, value) index can answer: `=` on params / tags, comparisons on metrics. */
function isIndexable(clause: FilterExpression): clause is FilterClause {
  if (isJunction(clause)) return false;
  if (clause.type === 'param' || clause.type === 'tag') return clause.op === '=';
  return clause.type === 'metric' && clause.op !== '!=';
}

/** `drv.key = ? AND drv.value <op> ?` (and not NaN) for a filter that drives the query. */
function driverCondition(eb: SearchEb, clause: FilterClause): Expression<SqlBool> {
  const conditions = [eb('drv.key', '=', clause.key), compareCondition(sql.ref('drv.value'), clause.op, clause.value)];
  if (clause.type === 'metric') conditions.push(eb('drv.is_nan', '=', 0));
  return eb.and(conditions);
}

/**
 * Plan estimates (capped row counts) reused for a moment. They only choose the query's shape, never
 * its answer, so a stale one can cost speed but not correctness; at 2,000 runs the three counts of
 * a filtered search were about a third of its database time. Per database handle (tests open many).
 */
const ESTIMATE_TTL_MS = 2000;
const MAX_ESTIMATES = 1000;
const estimates = new WeakMap<object, Map<string, { count: number; until: number }>>();

async function estimated(db: Db, key: string, count: () => Promise<number>): Promise<number> {
  let cache = estimates.get(db);
  if (!cache) estimates.set(db, (cache = new Map<string, { count: number; until: number }>()));
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.count;
  const fresh = await count();
  if (cache.size >= MAX_ESTIMATES) cache.clear();
  cache.set(key, { count: fresh, until: now + ESTIMATE_TTL_MS });
  return fresh;
}

/**
 * How many rows match an indexable filter, counting no further than `cap` (a recent estimate).
 * A zero is always counted afresh: it answers the search (no run can match) instead of shaping it.
 */
async function estimateFilterRows(db: Db, clause: FilterClause, cap: number): Promise<number> {
  const key = JSON.stringify(['filter', clause.type, clause.key, clause.op, clause.value, cap]);
  const count = await estimated(db, key, () => countFilterRows(db, clause, cap));
  return count > 0 ? count : countFilterRows(db, clause, cap);
}

/** How many rows match an indexable filter, counting no further than `cap`. */
async function countFilterRows(db: Db, clause: FilterClause, cap: number): Promise<number> {
  const matching = db
    .selectFrom(keyedTable(clause.type))
    .select(sql`1`.as('one'))
    .where('key', '=', clause.key)
    .$if(clause.type === 'metric', (query) => query.where(sql.ref('is_nan'), '=', 0))
    .where(compareCondition(sql.ref('value'), clause.op, clause.value))
    .limit(cap + 1);
  const row = await db
    .selectFrom(matching.as('matching'))
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** How many runs the scope holds, counting no further than `cap` (a recent estimate). */
function estimateScopeRuns(db: Db, scope: Scope, cap: number): Promise<number> {
  return estimated(db, JSON.stringify(['scope', scope.experimentIds, scope.stages, cap]), () => countScopeRuns(db, scope, cap));
}

async function countScopeRuns(db: Db, scope: Scope, cap: number): Promise<number> {
  const matching = db
    .selectFrom('runs')
    .select(sql`1`.as('one'))
    .where('experiment_id', 'in', scope.experimentIds)
    .where('lifecycle_stage', 'in', scope.stages)
    .limit(cap + 1);
  const row = await db
    .selectFrom(matching.as('matching'))
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

export interface Scope {
  experimentIds: number[];
  stages: string[];
}

function inScope(query: SearchQuery, scope: Scope): SearchQuery {
  return query.where('runs.experiment_id', 'in', scope.experimentIds).where('runs.lifecycle_stage', 'in', scope.stages);
}

function withFilters(query: SearchQuery, clauses: readonly FilterExpression[], run: RunRef, keyedAsExists: boolean): SearchQuery {
  const candidate: Candidate = { run, keyedAsExists };
  let filtered = query;
  for (const clause of clauses) filtered = filtered.where((eb) => expressionCondition(eb, clause, candidate));
  return filtered;
}

function runsDriven(searchDb: Kysely<SearchDb>, scope: Scope): SearchQuery {
  return inScope(searchDb.selectFrom('runs').select(RUN_SELECTION), scope);
}

/** `FROM <table> AS drv CROSS JOIN runs`: the driver's index is walked first. */
function keyDriven(
  searchDb: Kysely<SearchDb>,
  table: KeyedTable,
  scope: Scope,
  condition: (eb: SearchEb) => Expression<SqlBool>,
): SearchQuery {
  // The three tables share run_uuid / key / value; one literal type keeps the builder's type simple.
  const query = searchDb
    .selectFrom(`${table} as drv` as 'latest_metrics as drv')
    .crossJoin('runs')
    .select(RUN_SELECTION) as unknown as SearchQuery;
  // The driver's own conditions first, so SQLite evaluates them before looking the run up.
  return inScope(query.where(condition).whereRef('runs.run_uuid', '=', 'drv.run_uuid'), scope);
}

/**
 * MLflow's ordering, from `orderBy[from]` on: per key, runs that have a value first, then
 * (metrics) NaN, then runs without the key — in both directions — then the value. Tie-breakers:
 * start_time DESC (unless ordered by start_time already), then run_id ASC.
 */
function withOrder(query: SearchQuery, orderBy: readonly OrderByClause[], from: number): SearchQuery {
  let ordered = query;
  orderBy.forEach((clause, index) => {
    if (index < from) return;
    const direction = clause.ascending ? 'asc' : 'desc';
    if (clause.type === 'attribute') {
      const column = attributeColumn(clause.key);
      ordered = ordered.orderBy(sql`case when ${sql.ref(column)} is null then 1 else 0 end`).orderBy(column, direction);
      return;
    }
    const alias: SortAlias = `sort_${index}`;
    ordered = ordered.leftJoin(`${keyedTable(clause.type)} as ${alias}`, (join) =>
      join.onRef(`${alias}.run_uuid`, '=', 'runs.run_uuid').on(`${alias}.key`, '=', clause.key),
    );
    const missingLast =
      clause.type === 'metric'
        ? sql`case when ${sql.ref(`${alias}.is_nan`)} = 1 then 1 when ${sql.ref(`${alias}.value`)} is null then 2 else 0 end`
        : sql`case when ${sql.ref(`${alias}.value`)} is null then 1 else 0 end`;
    ordered = ordered.orderBy(missingLast).orderBy(`${alias}.value`, direction);
  });
  if (!orderBy.some((clause) => clause.type === 'attribute' && clause.key === 'start_time')) {
    ordered = ordered.orderBy('runs.start_time', 'desc');
  }
  return ordered.orderBy('runs.run_uuid', 'asc');
}

async function countRows(searchDb: Kysely<SearchDb>, query: SearchQuery): Promise<number> {
  const row = await searchDb
    .selectFrom(
      query
        .clearSelect()
        .select(sql`1`.as('one'))
        .as('matching'),
    )
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** One part of an ordered result: its rows are all before the next part's. */
interface Segment {
  /** Scope and filters, no order (for counting). */
  rows: SearchQuery;
  /** The same rows in order. */
  ordered: SearchQuery;
}

/** Reads `limit` rows from `offset` of the concatenated segments. */
async function readSegments(searchDb: Kysely<SearchDb>, segments: readonly Segment[], offset: number, limit: number): Promise<RunRow[]> {
  const page: RunRow[] = [];
  let skip = offset;
  for (const segment of segments) {
    const wanted = limit - page.length;
    if (wanted === 0) break;
    const rows = await segment.ordered.limit(wanted).offset(skip).execute();
    page.push(...rows);
    if (rows.length === wanted) break;
    // This segment ran out: the next one starts at offset 0, or further on when the page
    // begins after this segment's end.
    skip = rows.length > 0 || skip === 0 ? 0 : Math.max(0, skip - (await countRows(searchDb, segment.rows)));
  }
  return page;
}

/** Segments for a first order_by key on a metric / param / tag: with a value, NaN, missing. */
function sortSegments(
  searchDb: Kysely<SearchDb>,
  scope: Scope,
  clauses: readonly FilterExpression[],
  orderBy: readonly OrderByClause[],
  keyedAsExists: boolean,
): Segment[] {
  const first = orderBy[0] as OrderByClause;
  const table = keyedTable(first.type);
  const isMetric = first.type === 'metric';
  // Filters on the sort key itself are checked on the driver row; they also rule out runs with
  // NaN or without the key, so the other segments are empty then.
  const onSortKey = clauses.filter(
    (clause): clause is FilterClause => !isJunction(clause) && clause.type === first.type && clause.key === first.key,
  );
  const others = clauses.filter((clause) => !onSortKey.includes(clause as FilterClause));
  const valued = withFilters(
    keyDriven(searchDb, table, scope, (eb) =>
      eb.and([
        eb('drv.key', '=', first.key),
        ...(isMetric ? [eb('drv.is_nan', '=', 0)] : []),
        ...onSortKey.map((clause) => compareCondition(sql.ref('drv.value'), clause.op, clause.value)),
      ]),
    ),
    others,
    'drv.run_uuid',
    keyedAsExists,
  );
  const segments: Segment[] = [
    { rows: valued, ordered: withOrder(valued.orderBy('drv.value', first.ascending ? 'asc' : 'desc'), orderBy, 1) },
  ];
  if (onSortKey.length > 0) return segments;
  if (isMetric) {
    const nan = withFilters(
      keyDriven(searchDb, table, scope, (eb) => eb.and([eb('drv.key', '=', first.key), eb('drv.is_nan', '=', 1)])),
      clauses,
      'drv.run_uuid',
      keyedAsExists,
    );
    segments.push({ rows: nan, ordered: withOrder(nan, orderBy, 1) });
  }
  const missing = withFilters(
    runsDriven(searchDb, scope).where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom(`${table} as mk` as 'params as mk')
            .select(sql`1`.as('one'))
            .whereRef('mk.run_uuid', '=', 'runs.run_uuid')
            .where('mk.key', '=', first.key),
        ),
      ),
    ),
    clauses,
    'runs.run_uuid',
    keyedAsExists,
  );
  segments.push({ rows: missing, ordered: withOrder(missing, orderBy, 1) });
  return segments;
}

/** One page of runs: scope, filters and order as parsed from runs/search. */
export async function findRunsPage(
  db: Db,
  scope: Scope,
  clauses: readonly FilterExpression[],
  orderBy: readonly OrderByClause[],
  offset: number,
  limit: number,
): Promise<RunRow[]> {
  const searchDb = db as unknown as Kysely<SearchDb>;
  const keyedAsExists = isPostgres(db);

  // A filter that matches few rows anywhere supplies the candidates.
  let driver: { clause: FilterClause; count: number } | undefined;
  for (const clause of clauses) {
    if (!isIndexable(clause)) continue;
    const count = await estimateFilterRows(db, clause, FILTER_DRIVER_MAX_ROWS);
    if (count <= FILTER_DRIVER_MAX_ROWS && (!driver || count < driver.count)) driver = { clause, count };
  }
  if (driver) {
    const { clause } = driver;
    if (driver.count === 0) return [];
    const query = keyDriven(searchDb, keyedTable(clause.type), scope, (eb) => driverCondition(eb, clause));
    const others = clauses.filter((other) => other !== clause);
    return withOrder(withFilters(query, others, 'drv.run_uuid', keyedAsExists), orderBy, 0)
      .limit(limit)
      .offset(offset)
      .execute();
  }

  const first = orderBy[0];
  if (first && first.type !== 'attribute' && (await estimateScopeRuns(db, scope, SMALL_SCOPE_MAX_RUNS)) > SMALL_SCOPE_MAX_RUNS) {
    return readSegments(searchDb, sortSegments(searchDb, scope, clauses, orderBy, keyedAsExists), offset, limit);
  }
  return withOrder(withFilters(runsDriven(searchDb, scope), clauses, 'runs.run_uuid', keyedAsExists), orderBy, 0)
    .limit(limit)
    .offset(offset)
    .execute();
}

/** Distinct (experiment, dataset name, digest, context) rows of the datasets the experiments logged first. */
export async function findDatasetSummaries(db: Db, experimentIds: readonly number[], limit: number) {
  return db
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
    .where('datasets.experiment_id', 'in', experimentIds)
    .orderBy('datasets.experiment_id')
    .orderBy('datasets.name')
    .orderBy('datasets.digest')
    .orderBy('context')
    .limit(limit)
    .execute();
}
