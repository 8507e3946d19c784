// An MLflow SQLite database (`mlflow server --backend-store-uri sqlite:///mlflow.db`), read
// read-only in MLflow's SQLAlchemy schema, with the runs' artifacts from local folders.
import BetterSqlite3 from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listArtifactFiles, localArtifactFolder } from './artifact-folders.js';
import {
  ImportSourceError,
  parseRunStatus,
  type ImportSource,
  type KeyValue,
  type SourceArtifact,
  type SourceExperiment,
  type SourceRegisteredModel,
  type SourceRun,
  type SourceRunData,
} from './source-model.js';

const REQUIRED_TABLES = ['experiments', 'experiment_tags', 'runs', 'metrics', 'params', 'tags', 'registered_models', 'model_versions'];
const DELETED_VERSION_STAGE = 'Deleted_Internal';

type Row = Record<string, unknown>;

/** SQLite gives strings, numbers, bigints or blobs. */
function str(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return Buffer.isBuffer(value) ? value.toString('utf8') : JSON.stringify(value);
}

function nullable(value: unknown): string | null {
  return value === null || value === undefined ? null : str(value);
}

function num(value: unknown): number {
  return Number(value ?? 0);
}

export class SqliteSource implements ImportSource {
  readonly description: string;
  private database: BetterSqlite3.Database | undefined;
  private tables = new Set<string>();

  constructor(
    private readonly path: string,
    private readonly artifactsRoot?: string,
  ) {
    this.description = `MLflow SQLite database ${path}`;
  }

  private db(): BetterSqlite3.Database {
    if (this.database) return this.database;
    if (this.path === ':memory:' || !existsSync(this.path)) throw new ImportSourceError(`No MLflow database at ${this.path}.`);
    try {
      this.database = new BetterSqlite3(this.path, { readonly: true, fileMustExist: true });
      const rows = this.database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
      this.tables = new Set(rows.map((row) => row.name));
    } catch (error) {
      throw new ImportSourceError(`${this.path} is not a readable SQLite database: ${(error as Error).message}`);
    }
    const missing = REQUIRED_TABLES.filter((table) => !this.tables.has(table));
    if (missing.length > 0)
      throw new ImportSourceError(`${this.path} is not an MLflow database: it lacks the tables ${missing.join(', ')}.`);
    return this.database;
  }

  private all(sql: string, ...parameters: unknown[]): Row[] {
    return this.db()
      .prepare(sql)
      .all(...parameters) as Row[];
  }

  experiments(): Promise<SourceExperiment[]> {
    const tags = this.all('SELECT experiment_id, key, value FROM experiment_tags ORDER BY key');
    const experiments = this.all('SELECT * FROM experiments ORDER BY experiment_id').map((row) => ({
      id: str(row.experiment_id),
      name: str(row.name),
      lifecycleStage: str(row.lifecycle_stage) || 'active',
      creationTime: num(row.creation_time),
      lastUpdateTime: num(row.last_update_time ?? row.creation_time),
      tags: tags
        .filter((tag) => str(tag.experiment_id) === str(row.experiment_id))
        .map((tag) => ({ key: str(tag.key), value: str(tag.value) })),
    }));
    return Promise.resolve(experiments);
  }

  runs(experimentId: string): Promise<SourceRun[]> {
    const runs = this.all('SELECT * FROM runs WHERE experiment_id = ? ORDER BY start_time, run_uuid', Number(experimentId)).map((row) => ({
      runId: str(row.run_uuid),
      experimentId,
      name: str(row.name),
      userId: str(row.user_id),
      status: parseRunStatus(row.status, `run ${str(row.run_uuid)}`),
      startTime: num(row.start_time),
      endTime: row.end_time === null || row.end_time === undefined ? null : num(row.end_time),
      deletedTime: row.deleted_time === null || row.deleted_time === undefined ? null : num(row.deleted_time),
      lifecycleStage: str(row.lifecycle_stage) || 'active',
      artifactUri: str(row.artifact_uri),
    }));
    return Promise.resolve(runs);
  }

  private keyValues(table: 'params' | 'tags', runId: string): KeyValue[] {
    return this.all(`SELECT key, value FROM ${table} WHERE run_uuid = ? ORDER BY key`, runId).map((row) => ({
      key: str(row.key),
      value: str(row.value),
    }));
  }

  runData(run: SourceRun): Promise<SourceRunData> {
    const metrics = this.all('SELECT key, value, timestamp, step, is_nan FROM metrics WHERE run_uuid = ?', run.runId).map((row) => ({
      key: str(row.key),
      value: row.is_nan ? NaN : num(row.value),
      timestamp: num(row.timestamp),
      step: num(row.step),
    }));
    const inputs: SourceRunData['inputs'] = [];
    if (this.tables.has('inputs') && this.tables.has('datasets')) {
      const linked = this.all(
        `SELECT i.input_uuid, d.name, d.digest, d.dataset_source_type, d.dataset_source, d.dataset_schema, d.dataset_profile
           FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id
          WHERE i.destination_type = 'RUN' AND i.destination_id = ? AND i.source_type = 'DATASET'`,
        run.runId,
      );
      for (const row of linked) {
        const tags = this.tables.has('input_tags')
          ? this.all('SELECT name, value FROM input_tags WHERE input_uuid = ? ORDER BY name', row.input_uuid).map((tag) => ({
              key: str(tag.name),
              value: str(tag.value),
            }))
          : [];
        inputs.push({
          name: str(row.name),
          digest: str(row.digest),
          sourceType: str(row.dataset_source_type),
          source: str(row.dataset_source),
          schema: nullable(row.dataset_schema),
          profile: nullable(row.dataset_profile),
          tags,
        });
      }
    }
    return Promise.resolve({ params: this.keyValues('params', run.runId), tags: this.keyValues('tags', run.runId), metrics, inputs });
  }

  artifacts(run: SourceRun): Promise<SourceArtifact[]> {
    // A server's runs record mlflow-artifacts:/<exp>/<run>/artifacts; --artifacts-root is its destination folder.
    const fallback = this.artifactsRoot ? join(this.artifactsRoot, run.experimentId, run.runId, 'artifacts') : undefined;
    return listArtifactFiles(localArtifactFolder(run.artifactUri, this.artifactsRoot, fallback));
  }

  registeredModels(): Promise<SourceRegisteredModel[]> {
    const modelTags = this.tables.has('registered_model_tags')
      ? this.all('SELECT name, key, value FROM registered_model_tags ORDER BY key')
      : [];
    const versionTags = this.tables.has('model_version_tags')
      ? this.all('SELECT name, version, key, value FROM model_version_tags ORDER BY key')
      : [];
    const aliases = this.tables.has('registered_model_aliases')
      ? this.all('SELECT name, alias, version FROM registered_model_aliases ORDER BY alias')
      : [];
    const versions = this.all('SELECT * FROM model_versions WHERE current_stage != ? ORDER BY name, version', DELETED_VERSION_STAGE);
    const models = this.all('SELECT * FROM registered_models ORDER BY name').map((model) => {
      const name = str(model.name);
      return {
        name,
        creationTime: num(model.creation_time),
        lastUpdatedTime: num(model.last_updated_time ?? model.creation_time),
        description: nullable(model.description),
        tags: modelTags.filter((tag) => tag.name === name).map((tag) => ({ key: str(tag.key), value: str(tag.value) })),
        aliases: aliases.filter((alias) => alias.name === name).map((alias) => ({ alias: str(alias.alias), version: num(alias.version) })),
        versions: versions
          .filter((version) => version.name === name)
          .map((version) => ({
            version: num(version.version),
            creationTime: num(version.creation_time),
            lastUpdatedTime: num(version.last_updated_time ?? version.creation_time),
            description: nullable(version.description),
            userId: nullable(version.user_id),
            currentStage: str(version.current_stage) || 'None',
            source: nullable(version.source),
            runId: nullable(version.run_id),
            runLink: nullable(version.run_link),
            status: str(version.status) || 'READY',
            statusMessage: nullable(version.status_message),
            tags: versionTags
              .filter((tag) => tag.name === name && num(tag.version) === num(version.version))
              .map((tag) => ({ key: str(tag.key), value: str(tag.value) })),
          })),
      };
    });
    return Promise.resolve(models);
  }

  close(): Promise<void> {
    this.database?.close();
    this.database = undefined;
    return Promise.resolve();
  }
}
