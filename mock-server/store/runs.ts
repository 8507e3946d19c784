// Reads of runs and of what hangs off them (latest metrics, params, tags, dataset and model
// inputs), for runs/get and runs/search.
import type { Db } from './database.js';
import type { RunsTable } from './schema.js';

export type RunRow = Omit<RunsTable, 'deleted_time'>;

/** The input tag that holds a dataset's context (training, eval...), which filters can match. */
export const DATASET_CONTEXT_TAG = 'mlflow.data.context';

/**
 * Most bound values one statement may carry. SQLite (as bundled by better-sqlite3) allows 32766,
 * PostgreSQL 65535; IN lists are cut into chunks below this.
 */
const MAX_SQL_VARIABLES = 30000;

const RUN_COLUMNS = [
  'run_uuid',
  'name',
  'experiment_id',
  'user_id',
  'status',
  'start_time',
  'end_time',
  'lifecycle_stage',
  'artifact_uri',
] as const;

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

export function findRunRow(db: Db, runId: string): Promise<RunRow | undefined> {
  return db.selectFrom('runs').select(RUN_COLUMNS).where('run_uuid', '=', runId).executeTakeFirst();
}

export interface RunKeyValues {
  metrics: { run_uuid: string; key: string; value: number; is_nan: number; timestamp: number; step: number }[];
  params: { run_uuid: string; key: string; value: string }[];
  tags: { run_uuid: string; key: string; value: string }[];
}

/** Latest metrics, params and tags of many runs, in a few `IN (...)` queries. */
export async function loadRunKeyValues(db: Db, runIds: readonly string[]): Promise<RunKeyValues> {
  const result: RunKeyValues = { metrics: [], params: [], tags: [] };
  for (const ids of chunk(runIds, MAX_SQL_VARIABLES)) {
    result.metrics.push(
      ...(await db
        .selectFrom('latest_metrics')
        .select(['run_uuid', 'key', 'value', 'is_nan', 'timestamp', 'step'])
        .where('run_uuid', 'in', ids)
        .execute()),
    );
    result.params.push(...(await db.selectFrom('params').select(['run_uuid', 'key', 'value']).where('run_uuid', 'in', ids).execute()));
    result.tags.push(...(await db.selectFrom('tags').select(['run_uuid', 'key', 'value']).where('run_uuid', 'in', ids).execute()));
  }
  return result;
}

/** The datasets these runs logged as inputs. */
export async function loadDatasetLinks(db: Db, runIds: readonly string[]) {
  const links = [];
  for (const ids of chunk(runIds, MAX_SQL_VARIABLES)) links.push(...(await datasetLinksQuery(db, ids)));
  return links;
}

function datasetLinksQuery(db: Db, runIds: readonly string[]) {
  return db
    .selectFrom('run_inputs')
    .innerJoin('datasets', 'datasets.dataset_uuid', 'run_inputs.dataset_uuid')
    .select([
      'run_inputs.run_uuid',
      'datasets.dataset_uuid',
      'datasets.name',
      'datasets.digest',
      'datasets.dataset_source_type',
      'datasets.dataset_source',
      'datasets.dataset_schema',
      'datasets.dataset_profile',
    ])
    .where('run_inputs.run_uuid', 'in', runIds)
    .execute();
}

/** The tags (context...) of these runs' dataset inputs. */
export async function loadInputTags(db: Db, runIds: readonly string[]) {
  const tags = [];
  for (const ids of chunk(runIds, MAX_SQL_VARIABLES)) {
    tags.push(
      ...(await db.selectFrom('input_tags').select(['run_uuid', 'dataset_uuid', 'key', 'value']).where('run_uuid', 'in', ids).execute()),
    );
  }
  return tags;
}

/** Logged models these runs used (inputs) and produced (outputs, with the step). */
export async function loadModelIo(db: Db, runIds: readonly string[]) {
  const inputs = await db.selectFrom('run_model_inputs').select(['run_uuid', 'model_id']).where('run_uuid', 'in', runIds).execute();
  const outputs = await db
    .selectFrom('run_model_outputs')
    .select(['run_uuid', 'model_id', 'step'])
    .where('run_uuid', 'in', runIds)
    .execute();
  return { inputs, outputs };
}
