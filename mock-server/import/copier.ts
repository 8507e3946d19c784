// Copies an MLflow source into Runboard's store: experiments, runs with their original ids and
// everything logged to them, artifacts, and the model registry. Everything is read and checked
// before the first write, each run is written in one transaction, and writes are idempotent, so
// an import can be stopped and run again: the second run copies only what is missing.
import { isAbsolute } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ArtifactEntry, ArtifactStore } from '../artifacts/artifact-store.js';
import { joinArtifactPath, safeArtifactPath } from '../artifacts/artifact-path.js';
import { toStoredValue } from '../services/metric-values.js';
import { runArtifactUri } from '../services/runs.js';
import type { Db } from '../store/database.js';
import {
  experimentArtifactLocation,
  experimentIdByName,
  experimentIdTaken,
  insertImportedExperiment,
  storedRegistryCounts,
  storedRunArtifactUri,
  storedRunCounts,
  upsertExperimentTags,
  writeImportedRegisteredModel,
  writeImportedRun,
  type ImportedMetricRow,
  type StoredRunCounts,
} from '../store/imported-entities.js';
import { ImportProgress } from './progress.js';
import { ImportSourceError, type ImportSource, type SourceExperiment, type SourceRun, type SourceRunData } from './source-model.js';

export interface ImportTarget {
  db: Db;
  artifacts: ArtifactStore;
}

export interface SummaryRow {
  what: string;
  source: number;
  target: number;
}

export interface ImportResult {
  summary: SummaryRow[];
  runsCopied: number;
  runsAlreadyPresent: number;
  artifactFilesCopied: number;
  artifactBytesCopied: number;
}

const ARTIFACTS_SCHEME = 'mlflow-artifacts:';
const RUN_NAME_TAG = 'mlflow.runName';

function metricRows(data: SourceRunData): ImportedMetricRow[] {
  // Exact duplicates are one point, as in MLflow's SQL stores (the primary key drops them).
  const seen = new Set<string>();
  const rows: ImportedMetricRow[] = [];
  for (const point of data.metrics) {
    const stored = toStoredValue(point.value);
    const identity = `${point.key}\u0000${point.step}\u0000${point.timestamp}\u0000${stored.value}\u0000${stored.is_nan}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    rows.push({ key: point.key, step: point.step, timestamp: point.timestamp, ...stored });
  }
  return rows;
}

function distinctInputs(data: SourceRunData): SourceRunData['inputs'] {
  const byId = new Map(data.inputs.map((input) => [`${input.name}\u0000${input.digest}`, input]));
  return [...byId.values()];
}

function sameCounts(stored: StoredRunCounts, wanted: StoredRunCounts): boolean {
  return (
    stored.params === wanted.params && stored.tags === wanted.tags && stored.metrics === wanted.metrics && stored.inputs === wanted.inputs
  );
}

/** `mlflow-artifacts:/1/<run>/artifacts` → the artifact store path `1/<run>/artifacts`. */
function storePathOf(artifactUri: string): string | undefined {
  if (!artifactUri.startsWith(ARTIFACTS_SCHEME)) return undefined;
  return safeArtifactPath(artifactUri.slice(ARTIFACTS_SCHEME.length).replace(/^\/+/, ''));
}

class Totals {
  private readonly counts = new Map<string, { source: number; target: number }>();

  add(what: string, source: number, target: number): void {
    const entry = this.counts.get(what) ?? { source: 0, target: 0 };
    entry.source += source;
    entry.target += target;
    this.counts.set(what, entry);
  }

  rows(): SummaryRow[] {
    return [...this.counts].map(([what, entry]) => ({ what, ...entry }));
  }
}

export class ImportCopier {
  private readonly totals = new Totals();
  private runsCopied = 0;
  private runsAlreadyPresent = 0;
  private artifactFilesCopied = 0;
  private artifactBytesCopied = 0;
  /** Source run id → its artifact URI there and here (to rewrite model version sources). */
  private readonly runArtifactUris = new Map<string, { source: string; target: string }>();

  constructor(
    private readonly source: ImportSource,
    private readonly target: ImportTarget,
    private readonly progress: ImportProgress = new ImportProgress(process.stderr, false),
  ) {}

  async run(): Promise<ImportResult> {
    // Read and check everything the source lists before writing anything.
    const experiments = await this.source.experiments();
    const runsByExperiment = new Map<string, SourceRun[]>();
    for (const experiment of experiments) runsByExperiment.set(experiment.id, await this.source.runs(experiment.id));
    const models = await this.source.registeredModels();
    this.checkDuplicateRuns(runsByExperiment);
    await this.source.validate?.([...runsByExperiment.values()].flat());

    const totalRuns = [...runsByExperiment.values()].reduce((sum, runs) => sum + runs.length, 0);
    this.progress.start(totalRuns);
    for (const experiment of experiments) {
      const experimentId = await this.copyExperiment(experiment);
      for (const run of runsByExperiment.get(experiment.id) ?? []) await this.copyRun(run, experimentId);
    }
    for (const model of models) await this.copyRegisteredModel(model);
    this.progress.finish();
    return {
      summary: this.totals.rows(),
      runsCopied: this.runsCopied,
      runsAlreadyPresent: this.runsAlreadyPresent,
      artifactFilesCopied: this.artifactFilesCopied,
      artifactBytesCopied: this.artifactBytesCopied,
    };
  }

  private checkDuplicateRuns(runsByExperiment: Map<string, SourceRun[]>): void {
    const seen = new Map<string, string>();
    for (const [experimentId, runs] of runsByExperiment) {
      for (const run of runs) {
        const other = seen.get(run.runId);
        if (other !== undefined) throw new ImportSourceError(`Run ${run.runId} appears in experiments ${other} and ${experimentId}.`);
        seen.set(run.runId, experimentId);
      }
    }
  }

  /** An experiment of the same name is reused; otherwise the source's id is kept when it is free. */
  private async copyExperiment(experiment: SourceExperiment): Promise<number> {
    const { db } = this.target;
    let id = await experimentIdByName(db, experiment.name);
    if (id === undefined) {
      const sourceId = /^\d{1,15}$/.test(experiment.id) ? Number(experiment.id) : undefined;
      const keepId = sourceId !== undefined && !(await experimentIdTaken(db, sourceId));
      id = await insertImportedExperiment(db, {
        id: keepId ? sourceId : undefined,
        name: experiment.name,
        lifecycle_stage: experiment.lifecycleStage,
        creation_time: experiment.creationTime,
        last_update_time: experiment.lastUpdateTime,
        tags: experiment.tags,
      });
    } else if (experiment.tags.length > 0) {
      await upsertExperimentTags(db, id, experiment.tags);
    }
    this.totals.add('experiments', 1, 1);
    return id;
  }

  private async copyRun(run: SourceRun, experimentId: number): Promise<void> {
    const { db } = this.target;
    const data = await this.source.runData(run);
    const metrics = metricRows(data);
    const inputs = distinctInputs(data);
    const wanted: StoredRunCounts = { params: data.params.length, tags: data.tags.length, metrics: metrics.length, inputs: inputs.length };
    const before = await storedRunCounts(db, run.runId);
    const name = run.name || data.tags.find((tag) => tag.key === RUN_NAME_TAG)?.value || run.runId;
    let artifactUri = runArtifactUri(await experimentArtifactLocation(db, experimentId), run.runId);
    const alreadyPresent = before !== undefined && sameCounts(before, wanted);
    if (alreadyPresent) {
      this.runsAlreadyPresent += 1;
      artifactUri = await storedRunArtifactUri(db, run.runId);
    } else {
      await writeImportedRun(db, {
        row: {
          run_uuid: run.runId,
          name,
          experiment_id: experimentId,
          user_id: run.userId,
          status: run.status,
          start_time: run.startTime,
          end_time: run.endTime,
          deleted_time: run.deletedTime,
          lifecycle_stage: run.lifecycleStage,
          artifact_uri: artifactUri,
        },
        params: data.params,
        tags: data.tags,
        metrics,
        inputs: inputs.map((input) => ({
          name: input.name,
          digest: input.digest,
          source_type: input.sourceType,
          source: input.source,
          schema: input.schema,
          profile: input.profile,
          tags: input.tags,
        })),
      });
      this.runsCopied += 1;
    }
    const after = await storedRunCounts(db, run.runId);
    this.totals.add('runs', 1, after ? 1 : 0);
    this.totals.add('params', wanted.params, after?.params ?? 0);
    this.totals.add('run tags', wanted.tags, after?.tags ?? 0);
    this.totals.add('metric points', wanted.metrics, after?.metrics ?? 0);
    this.totals.add('dataset inputs', wanted.inputs, after?.inputs ?? 0);
    this.runArtifactUris.set(run.runId, { source: run.artifactUri, target: artifactUri });
    await this.copyArtifacts(run, artifactUri);
    this.progress.runDone(alreadyPresent, metrics.length);
  }

  private async copyArtifacts(run: SourceRun, artifactUri: string): Promise<void> {
    const files = await this.source.artifacts(run);
    const root = storePathOf(artifactUri);
    if (root === undefined) {
      if (files.length > 0)
        throw new ImportSourceError(`Run ${run.runId} keeps its artifacts at ${artifactUri}, outside this server's artifact store.`);
      return;
    }
    const listings = new Map<string, ArtifactEntry[]>();
    const existingSize = async (path: string): Promise<number | undefined> => {
      const slash = path.lastIndexOf('/');
      const folder = slash < 0 ? '' : path.slice(0, slash);
      let entries = listings.get(folder);
      if (!entries) {
        entries = (await this.target.artifacts.list(folder)) ?? [];
        listings.set(folder, entries);
      }
      const entry = entries.find((candidate) => candidate.path === path && !candidate.isDir);
      return entry ? (entry.fileSize ?? 0) : undefined;
    };
    let presentFiles = 0;
    let presentBytes = 0;
    let sourceBytes = 0;
    for (const file of files) {
      sourceBytes += file.size;
      const path = joinArtifactPath(root, safeArtifactPath(file.path));
      if ((await existingSize(path)) !== file.size) {
        const body: Readable = await file.open();
        const { size } = await this.target.artifacts.write(path, body);
        if (size !== file.size)
          throw new ImportSourceError(`Artifact ${file.path} of run ${run.runId}: expected ${file.size} bytes, copied ${size}.`);
        this.artifactFilesCopied += 1;
        this.artifactBytesCopied += size;
        this.progress.bytesCopied(size);
      }
      presentFiles += 1;
      presentBytes += file.size;
    }
    this.totals.add('artifact files', files.length, presentFiles);
    this.totals.add('artifact bytes', sourceBytes, presentBytes);
  }

  /** A version's source that pointed into its run's artifacts there points into them here. */
  private rewriteSource(source: string | null, runId: string | null): string | null {
    if (source === null || runId === null) return source;
    const uris = this.runArtifactUris.get(runId);
    if (!uris || uris.source === '') return source;
    // A local store may record the run's artifacts as a file: URI and the version's source as a plain path, or the other way round.
    const prefixes = [uris.source];
    if (/^file:/i.test(uris.source)) prefixes.push(fileURLToPath(uris.source));
    else if (isAbsolute(uris.source)) prefixes.push(pathToFileURL(uris.source).href);
    const prefix = prefixes.find((candidate) => source === candidate || source.startsWith(`${candidate}/`));
    return prefix === undefined ? source : uris.target + source.slice(prefix.length);
  }

  private async copyRegisteredModel(model: Awaited<ReturnType<ImportSource['registeredModels']>>[number]): Promise<void> {
    const { db } = this.target;
    const before = await storedRegistryCounts(db, model.name);
    const wanted = {
      versions: model.versions.length,
      tags: model.tags.length,
      aliases: model.aliases.length,
      versionTags: model.versions.reduce((sum, version) => sum + version.tags.length, 0),
    };
    const complete =
      before?.versions === wanted.versions &&
      before.tags === wanted.tags &&
      before.aliases === wanted.aliases &&
      before.versionTags === wanted.versionTags;
    if (!complete) {
      await writeImportedRegisteredModel(db, {
        row: {
          name: model.name,
          creation_time: model.creationTime,
          last_updated_time: model.lastUpdatedTime,
          description: model.description,
        },
        tags: model.tags,
        aliases: model.aliases,
        versions: model.versions.map((version) => {
          const source = this.rewriteSource(version.source, version.runId);
          return {
            row: {
              name: model.name,
              version: version.version,
              creation_time: version.creationTime,
              last_updated_time: version.lastUpdatedTime,
              description: version.description,
              user_id: version.userId,
              current_stage: version.currentStage,
              source,
              storage_location: source,
              run_id: version.runId,
              run_link: version.runLink,
              status: version.status,
              status_message: version.statusMessage,
              model_id: null,
            },
            tags: version.tags,
          };
        }),
      });
    }
    const after = await storedRegistryCounts(db, model.name);
    this.totals.add('registered models', 1, after ? 1 : 0);
    this.totals.add('model versions', wanted.versions, after?.versions ?? 0);
    this.totals.add('registered model tags', wanted.tags, after?.tags ?? 0);
    this.totals.add('aliases', wanted.aliases, after?.aliases ?? 0);
    this.totals.add('model version tags', wanted.versionTags, after?.versionTags ?? 0);
  }
}
