// SQL of MLflow 3 logged models: rows, tags, params, metrics, the runs that produced them, and
// logged-models/search. The filter grammar and MLflow's rules are in services/logged-models.ts.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { invalidParameter } from '../errors.js';
import type { Db } from './database.js';
import { compareCondition } from './filter-conditions.js';
import type { Database, LoggedModelMetricsTable, LoggedModelsTable } from './schema.js';

export type LoggedModelRow = LoggedModelsTable;
export type LoggedModelMetricRow = LoggedModelMetricsTable;

/** Most bound values one statement may carry (SQLite as bundled: 32766, PostgreSQL: 65535). */
const MAX_SQL_VARIABLES = 30000;

export function findLoggedModelRow(db: Db, modelId: string): Promise<LoggedModelRow | undefined> {
  return db.selectFrom('logged_models').selectAll().where('model_id', '=', modelId).executeTakeFirst();
}

/** Tags and params (by key) and metrics (by key, step, timestamp) of these models. */
export async function loadLoggedModelData(db: Db, modelIds: readonly string[]) {
  const [tags, params, metrics] = await Promise.all([
    db.selectFrom('logged_model_tags').selectAll().where('model_id', 'in', modelIds).orderBy('key').execute(),
    db.selectFrom('logged_model_params').selectAll().where('model_id', 'in', modelIds).orderBy('key').execute(),
    db
      .selectFrom('logged_model_metrics')
      .selectAll()
      .where('model_id', 'in', modelIds)
      .orderBy('key')
      .orderBy('step')
      .orderBy('timestamp')
      .execute(),
  ]);
  return { tags, params, metrics };
}

export async function insertLoggedModel(
  db: Db,
  row: LoggedModelRow,
  params: readonly { key: string; value: string }[],
  tags: readonly { key: string; value: string }[],
): Promise<void> {
  await db.insertInto('logged_models').values(row).execute();
  if (params.length > 0) {
    await db
      .insertInto('logged_model_params')
      .values(params.map((param) => ({ model_id: row.model_id, key: param.key, value: param.value })))
      .execute();
  }
  if (tags.length > 0) {
    await db
      .insertInto('logged_model_tags')
      .values(tags.map((tag) => ({ model_id: row.model_id, key: tag.key, value: tag.value })))
      .execute();
  }
}

export async function updateLoggedModelRow(
  db: Db,
  modelId: string,
  changes: Partial<Pick<LoggedModelRow, 'status' | 'lifecycle_stage' | 'last_updated_timestamp_ms'>>,
): Promise<void> {
  await db.updateTable('logged_models').set(changes).where('model_id', '=', modelId).execute();
}

export async function findLoggedModelTagValue(db: Db, modelId: string, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('logged_model_tags')
    .select('value')
    .where('model_id', '=', modelId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value;
}

export async function upsertLoggedModelTag(db: Db, modelId: string, key: string, value: string): Promise<void> {
  await db
    .insertInto('logged_model_tags')
    .values({ model_id: modelId, key, value })
    .onConflict((conflict) => conflict.columns(['model_id', 'key']).doUpdateSet({ value }))
    .execute();
}

/** Deletes one tag; false when there was none. */
export async function deleteLoggedModelTagRow(db: Db, modelId: string, key: string): Promise<boolean> {
  const result = await db.deleteFrom('logged_model_tags').where('model_id', '=', modelId).where('key', '=', key).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The model's params among `keys`. */
export function findLoggedModelParams(db: Db, modelId: string, keys: readonly string[]): Promise<{ key: string; value: string }[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return db.selectFrom('logged_model_params').select(['key', 'value']).where('model_id', '=', modelId).where('key', 'in', keys).execute();
}

export async function insertLoggedModelParams(db: Db, modelId: string, params: readonly { key: string; value: string }[]): Promise<void> {
  if (params.length === 0) return;
  await db
    .insertInto('logged_model_params')
    .values(params.map((param) => ({ model_id: modelId, key: param.key, value: param.value })))
    .execute();
}

/** Metric points recorded for logged models (log-metric / log-batch with a model_id). */
export async function insertLoggedModelMetrics(db: Db, rows: readonly LoggedModelMetricRow[]): Promise<void> {
  const size = Math.floor(MAX_SQL_VARIABLES / 9);
  for (let start = 0; start < rows.length; start += size) {
    await db
      .insertInto('logged_model_metrics')
      .values(rows.slice(start, start + size))
      .execute();
  }
}

/** runs/outputs: the run produced these models at these steps; a model logged again gets the new step. */
export async function upsertRunModelOutputs(db: Db, runId: string, models: readonly { modelId: string; step: number }[]): Promise<void> {
  for (const model of models) {
    await db
      .insertInto('run_model_outputs')
      .values({ run_uuid: runId, model_id: model.modelId, step: model.step })
      .onConflict((conflict) => conflict.columns(['run_uuid', 'model_id']).doUpdateSet({ step: model.step }))
      .execute();
  }
}

// ---------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------

export type LoggedModelEntityType = 'attribute' | 'metric' | 'param' | 'tag';

export interface LoggedModelClause {
  type: LoggedModelEntityType;
  key: string;
  op: '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'ILIKE';
  value: string | number;
}

/** The attributes a filter or order_by may name, and the column each one reads. */
export const LOGGED_MODEL_ATTRIBUTE_COLUMNS: Readonly<Record<string, keyof LoggedModelRow>> = {
  model_id: 'model_id',
  name: 'name',
  model_type: 'model_type',
  status: 'status',
  source_run_id: 'source_run_id',
  status_message: 'status_message',
  artifact_uri: 'artifact_location',
  artifact_location: 'artifact_location',
  creation_time: 'creation_timestamp_ms',
  creation_timestamp: 'creation_timestamp_ms',
  creation_timestamp_ms: 'creation_timestamp_ms',
  last_updated_timestamp: 'last_updated_timestamp_ms',
  last_updated_timestamp_ms: 'last_updated_timestamp_ms',
};

/** Attributes compared as numbers. */
export const LOGGED_MODEL_NUMERIC_COLUMNS: ReadonlySet<keyof LoggedModelRow> = new Set([
  'creation_timestamp_ms',
  'last_updated_timestamp_ms',
]);

export interface DatasetFilter {
  datasetName: string;
  datasetDigest?: string;
}

export interface OrderByField {
  fieldName: string;
  ascending: boolean;
  datasetName?: string;
  datasetDigest?: string;
}

export interface LoggedModelSearch {
  experimentIds: readonly number[];
  clauses: readonly LoggedModelClause[];
  datasets: readonly DatasetFilter[];
  orderBy: readonly OrderByField[];
  offset: number;
  limit: number;
}

/**
 * logged-models/search over live models: attribute order first (NULLs last), then the latest
 * value of ordered metrics (models without it last), newest first, model_id as tie-breaker.
 */
export function searchLoggedModelRows(db: Db, search: LoggedModelSearch): Promise<LoggedModelRow[]> {
  let query = db
    .selectFrom('logged_models')
    .selectAll('logged_models')
    .where('logged_models.lifecycle_stage', '!=', 'deleted')
    .where('logged_models.experiment_id', 'in', search.experimentIds)
    .where((eb) => eb.and(search.clauses.map((clause) => clauseCondition(eb, clause, search.datasets))));
  if (search.datasets.length > 0 && !search.clauses.some((clause) => clause.type === 'metric')) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('logged_model_metrics')
          .select(sql`1`.as('one'))
          .whereRef('logged_model_metrics.model_id', '=', 'logged_models.model_id')
          .where((inner) => datasetCondition(inner, search.datasets)),
      ),
    );
  }
  let orderedByCreation = false;
  for (const field of search.orderBy) {
    if (!field.fieldName.includes('.')) {
      const column = LOGGED_MODEL_ATTRIBUTE_COLUMNS[field.fieldName];
      if (column === undefined) throw invalidParameter(`Invalid order by field name: ${field.fieldName}`);
      if (column === 'creation_timestamp_ms') orderedByCreation = true;
      const ref = sql.ref(`logged_models.${column}`);
      query = query.orderBy(sql`${ref} IS NULL`).orderBy(ref, field.ascending ? 'asc' : 'desc');
      continue;
    }
    const [entity, ...rest] = field.fieldName.split('.');
    if (entity !== 'metrics') throw invalidParameter(`Invalid order by field name: ${field.fieldName}. Only metrics are supported.`);
    const key = rest.join('.').replace(/^`(.*)`$/, '$1');
    const datasetName = field.datasetName ? sql` AND mm.dataset_name = ${field.datasetName}` : sql``;
    const datasetDigest = field.datasetDigest ? sql` AND mm.dataset_digest = ${field.datasetDigest}` : sql``;
    // The model's latest value of the metric (by timestamp, then step); models without it sort last.
    const latest = sql`(SELECT CASE WHEN mm.is_nan = 1 THEN NULL ELSE mm.value END FROM logged_model_metrics mm
      WHERE mm.model_id = logged_models.model_id AND mm.key = ${key}${datasetName}${datasetDigest}
      ORDER BY mm.timestamp DESC, mm.step DESC LIMIT 1)`;
    query = query.orderBy(sql`${latest} IS NULL`).orderBy(latest, field.ascending ? 'asc' : 'desc');
  }
  if (!orderedByCreation) query = query.orderBy('logged_models.creation_timestamp_ms', 'desc');
  query = query.orderBy('logged_models.model_id', 'asc');
  return query.limit(search.limit).offset(search.offset).execute();
}

function datasetCondition(
  eb: ExpressionBuilder<Database, 'logged_model_metrics'>,
  datasets: readonly DatasetFilter[],
): Expression<SqlBool> {
  return eb.or(
    datasets.map((dataset) =>
      dataset.datasetDigest === undefined
        ? eb('logged_model_metrics.dataset_name', '=', dataset.datasetName)
        : eb.and([
            eb('logged_model_metrics.dataset_name', '=', dataset.datasetName),
            eb('logged_model_metrics.dataset_digest', '=', dataset.datasetDigest),
          ]),
    ),
  );
}

function clauseCondition(
  eb: ExpressionBuilder<Database, 'logged_models'>,
  clause: LoggedModelClause,
  datasets: readonly DatasetFilter[],
): Expression<SqlBool> {
  if (clause.type === 'attribute') {
    const column = LOGGED_MODEL_ATTRIBUTE_COLUMNS[clause.key];
    if (column === undefined) throw invalidParameter(`Invalid attribute key '${clause.key}'.`);
    return compareCondition(`logged_models.${column}`, clause.op, clause.value);
  }
  if (clause.type === 'metric') {
    return eb.exists(
      eb
        .selectFrom('logged_model_metrics')
        .select(sql`1`.as('one'))
        .whereRef('logged_model_metrics.model_id', '=', 'logged_models.model_id')
        .where('logged_model_metrics.key', '=', clause.key)
        .where('logged_model_metrics.is_nan', '=', 0)
        .where(compareCondition('logged_model_metrics.value', clause.op, clause.value))
        .$if(datasets.length > 0, (query) => query.where((inner) => datasetCondition(inner, datasets))),
    );
  }
  const table = clause.type === 'param' ? 'logged_model_params' : 'logged_model_tags';
  return eb.exists(
    eb
      .selectFrom(table)
      .select(sql`1`.as('one'))
      .whereRef(`${table}.model_id`, '=', 'logged_models.model_id')
      .where(`${table}.key`, '=', clause.key)
      .where(compareCondition(`${table}.value`, clause.op, clause.value)),
  );
}
