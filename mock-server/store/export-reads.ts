// Reads for `runboard export`: everything in the store in MLflow's terms, including deleted
// experiments and runs (the REST search endpoints page and filter; an export wants it all).
import type { Db } from './database.js';
import type { ExperimentsTable, ModelVersionsTable, RegisteredModelsTable, RunsTable } from './schema.js';

export type ExportedExperiment = Omit<ExperimentsTable, 'experiment_id'> & {
  experiment_id: number;
  tags: { key: string; value: string }[];
};

export async function allExperiments(db: Db): Promise<ExportedExperiment[]> {
  const rows = await db.selectFrom('experiments').selectAll().orderBy('experiment_id').execute();
  const tags = await db.selectFrom('experiment_tags').selectAll().orderBy('key').execute();
  return rows.map((row) => ({
    ...row,
    tags: tags.filter((tag) => tag.experiment_id === row.experiment_id).map(({ key, value }) => ({ key, value })),
  }));
}

export async function experimentRuns(db: Db, experimentId: number): Promise<RunsTable[]> {
  return db.selectFrom('runs').selectAll().where('experiment_id', '=', experimentId).orderBy('start_time').orderBy('run_uuid').execute();
}

export async function runKeyValues(db: Db, table: 'params' | 'tags', runId: string): Promise<{ key: string; value: string }[]> {
  return db.selectFrom(table).select(['key', 'value']).where('run_uuid', '=', runId).orderBy('key').execute();
}

export async function runMetricPoints(
  db: Db,
  runId: string,
): Promise<{ key: string; step: number; timestamp: number; value: number; is_nan: number }[]> {
  return db.selectFrom('metrics').select(['key', 'step', 'timestamp', 'value', 'is_nan']).where('run_uuid', '=', runId).execute();
}

export interface ExportedDatasetInput {
  dataset_uuid: string;
  name: string;
  digest: string;
  dataset_source_type: string;
  dataset_source: string;
  dataset_schema: string | null;
  dataset_profile: string | null;
  tags: { key: string; value: string }[];
}

export async function runDatasetInputs(db: Db, runId: string): Promise<ExportedDatasetInput[]> {
  const rows = await db
    .selectFrom('run_inputs')
    .innerJoin('datasets', 'datasets.dataset_uuid', 'run_inputs.dataset_uuid')
    .select([
      'datasets.dataset_uuid',
      'datasets.name',
      'datasets.digest',
      'datasets.dataset_source_type',
      'datasets.dataset_source',
      'datasets.dataset_schema',
      'datasets.dataset_profile',
    ])
    .where('run_inputs.run_uuid', '=', runId)
    .execute();
  const tags = await db.selectFrom('input_tags').select(['dataset_uuid', 'key', 'value']).where('run_uuid', '=', runId).execute();
  return rows.map((row) => ({
    ...row,
    tags: tags.filter((tag) => tag.dataset_uuid === row.dataset_uuid).map(({ key, value }) => ({ key, value })),
  }));
}

export interface ExportedRegisteredModel extends RegisteredModelsTable {
  tags: { key: string; value: string }[];
  aliases: { alias: string; version: number }[];
  versions: (ModelVersionsTable & { tags: { key: string; value: string }[] })[];
}

export async function allRegisteredModels(db: Db): Promise<ExportedRegisteredModel[]> {
  const models = await db.selectFrom('registered_models').selectAll().orderBy('name').execute();
  const modelTags = await db.selectFrom('registered_model_tags').selectAll().orderBy('key').execute();
  const aliases = await db.selectFrom('registered_model_aliases').selectAll().orderBy('alias').execute();
  const versions = await db.selectFrom('model_versions').selectAll().orderBy('name').orderBy('version').execute();
  const versionTags = await db.selectFrom('model_version_tags').selectAll().orderBy('key').execute();
  return models.map((model) => ({
    ...model,
    tags: modelTags.filter((tag) => tag.name === model.name).map(({ key, value }) => ({ key, value })),
    aliases: aliases.filter((alias) => alias.name === model.name).map(({ alias, version }) => ({ alias, version })),
    versions: versions
      .filter((version) => version.name === model.name)
      .map((version) => ({
        ...version,
        tags: versionTags
          .filter((tag) => tag.name === model.name && tag.version === version.version)
          .map(({ key, value }) => ({ key, value })),
      })),
  }));
}
