// Runboard's own store read as an import source: what `runboard export` sends to an MLflow server.
import type { ArtifactStore } from '../artifacts/artifact-store.js';
import { fromStoredValue } from '../services/metric-values.js';
import type { Db } from '../store/database.js';
import {
  allExperiments,
  allRegisteredModels,
  experimentRuns,
  runDatasetInputs,
  runKeyValues,
  runMetricPoints,
} from '../store/export-reads.js';
import {
  parseRunStatus,
  type ImportSource,
  type SourceArtifact,
  type SourceExperiment,
  type SourceRegisteredModel,
  type SourceRun,
  type SourceRunData,
} from './source-model.js';

const ARTIFACTS_SCHEME = 'mlflow-artifacts:';

export class RunboardStoreSource implements ImportSource {
  readonly description = "Runboard's store";

  constructor(
    private readonly db: Db,
    private readonly artifactStore: ArtifactStore,
  ) {}

  async experiments(): Promise<SourceExperiment[]> {
    return (await allExperiments(this.db)).map((row) => ({
      id: String(row.experiment_id),
      name: row.name,
      lifecycleStage: row.lifecycle_stage,
      creationTime: row.creation_time,
      lastUpdateTime: row.last_update_time,
      tags: row.tags,
    }));
  }

  async runs(experimentId: string): Promise<SourceRun[]> {
    return (await experimentRuns(this.db, Number(experimentId))).map((row) => ({
      runId: row.run_uuid,
      experimentId,
      name: row.name,
      userId: row.user_id,
      status: parseRunStatus(row.status, `run ${row.run_uuid}`),
      startTime: row.start_time,
      endTime: row.end_time,
      deletedTime: row.deleted_time,
      lifecycleStage: row.lifecycle_stage,
      artifactUri: row.artifact_uri,
    }));
  }

  async runData(run: SourceRun): Promise<SourceRunData> {
    const metrics = (await runMetricPoints(this.db, run.runId)).map((row) => ({
      key: row.key,
      value: fromStoredValue(row.value, row.is_nan),
      timestamp: row.timestamp,
      step: row.step,
    }));
    const inputs = (await runDatasetInputs(this.db, run.runId)).map((row) => ({
      name: row.name,
      digest: row.digest,
      sourceType: row.dataset_source_type,
      source: row.dataset_source,
      schema: row.dataset_schema,
      profile: row.dataset_profile,
      tags: row.tags,
    }));
    return {
      params: await runKeyValues(this.db, 'params', run.runId),
      tags: await runKeyValues(this.db, 'tags', run.runId),
      metrics,
      inputs,
    };
  }

  async artifacts(run: SourceRun): Promise<SourceArtifact[]> {
    if (!run.artifactUri.startsWith(ARTIFACTS_SCHEME)) return [];
    const root = run.artifactUri.slice(ARTIFACTS_SCHEME.length).replace(/^\/+/, '');
    const files: SourceArtifact[] = [];
    const walk = async (folder: string): Promise<void> => {
      for (const entry of (await this.artifactStore.list(folder)) ?? []) {
        if (entry.isDir) {
          await walk(entry.path);
          continue;
        }
        const path = entry.path;
        files.push({
          path: path.slice(root.length + 1),
          size: entry.fileSize ?? 0,
          open: async () => (await this.artifactStore.read(path)).stream,
        });
      }
    };
    await walk(root);
    return files;
  }

  async registeredModels(): Promise<SourceRegisteredModel[]> {
    return (await allRegisteredModels(this.db)).map((model) => ({
      name: model.name,
      creationTime: model.creation_time,
      lastUpdatedTime: model.last_updated_time,
      description: model.description,
      tags: model.tags,
      aliases: model.aliases,
      versions: model.versions.map((version) => ({
        version: version.version,
        creationTime: version.creation_time,
        lastUpdatedTime: version.last_updated_time,
        description: version.description,
        userId: version.user_id,
        currentStage: version.current_stage,
        source: version.source,
        runId: version.run_id,
        runLink: version.run_link,
        status: version.status,
        statusMessage: version.status_message,
        tags: version.tags,
      })),
    }));
  }
}
