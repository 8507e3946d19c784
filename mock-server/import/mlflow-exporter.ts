// `runboard export --to <url>`: sends Runboard's experiments, runs, artifacts and registry to an
// MLflow tracking server through its REST API. MLflow assigns its own run ids (and version
// numbers), so every exported run carries the Runboard id in the `runboard.source_run_id` tag
// (versions in `runboard.source_version`); that mapping is how a repeated export skips what is
// already there. A run is tagged `runboard.export_pending` until all its data has arrived, so a
// run left half-sent by an interrupted export is recognised, deleted and sent again.
import { Readable } from 'node:stream';
import { ImportProgress } from './progress.js';
import {
  ImportSourceError,
  type ImportSource,
  type KeyValue,
  type MetricPoint,
  type SourceExperiment,
  type SourceRegisteredModel,
  type SourceRun,
} from './source-model.js';

export const SOURCE_RUN_ID_TAG = 'runboard.source_run_id';
export const EXPORT_PENDING_TAG = 'runboard.export_pending';
export const SOURCE_VERSION_TAG = 'runboard.source_version';

const MAX_METRICS_PER_BATCH = 1000;
const MAX_PARAMS_TAGS_PER_BATCH = 100;
const PAGE_SIZE = 1000;
const ARTIFACTS_SCHEME = 'mlflow-artifacts:';
const API = '/api/2.0/mlflow';

type Json = Record<string, unknown>;

export interface ExportResult {
  runsSent: number;
  runsAlreadyThere: number;
  metricPointsSent: number;
  artifactFilesSent: number;
  artifactBytesSent: number;
  versionsSent: number;
  /** Runboard run id → the id the MLflow server gave it. */
  runIds: Record<string, string>;
}

function wireDouble(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let start = 0; start < items.length; start += size) parts.push(items.slice(start, start + size));
  return parts;
}

function tagValue(tags: unknown, key: string): string | undefined {
  return ((tags ?? []) as KeyValue[]).find((tag) => tag.key === key)?.value;
}

class MlflowApiFailure extends ImportSourceError {
  constructor(
    message: string,
    readonly status: number,
    readonly errorCode: string | undefined,
  ) {
    super(message);
  }
}

export class MlflowExporter {
  private readonly baseUrl: string;
  private readonly result: ExportResult = {
    runsSent: 0,
    runsAlreadyThere: 0,
    metricPointsSent: 0,
    artifactFilesSent: 0,
    artifactBytesSent: 0,
    versionsSent: 0,
    runIds: {},
  };
  /** Runboard run id → its artifact URI here and the new run's there. */
  private readonly artifactUris = new Map<string, { source: string; target: string }>();

  constructor(
    private readonly source: ImportSource,
    targetUrl: string,
    private readonly progress: ImportProgress = new ImportProgress(process.stderr, false),
  ) {
    this.baseUrl = targetUrl.replace(/\/+$/, '');
  }

  private async call(method: 'GET' | 'POST' | 'DELETE' | 'PATCH', endpoint: string, body?: Json): Promise<Json> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${endpoint}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      throw new ImportSourceError(`Cannot reach the MLflow server at ${this.baseUrl}: ${cause}`);
    }
    const text = await response.text();
    let json: Json = {};
    try {
      json = text === '' ? {} : (JSON.parse(text) as Json);
    } catch {
      if (response.ok) throw new ImportSourceError(`${this.baseUrl}${endpoint} did not answer JSON: is this an MLflow tracking server?`);
    }
    if (!response.ok) {
      const code = typeof json.error_code === 'string' ? json.error_code : undefined;
      throw new MlflowApiFailure(`${method} ${endpoint} answered ${response.status}: ${text.slice(0, 300)}`, response.status, code);
    }
    return json;
  }

  private async pages(fetchPage: (token: string | undefined) => Promise<Json>, field: string): Promise<Json[]> {
    const items: Json[] = [];
    let token: string | undefined;
    do {
      const page = await fetchPage(token);
      items.push(...((page[field] ?? []) as Json[]));
      token = typeof page.next_page_token === 'string' && page.next_page_token !== '' ? page.next_page_token : undefined;
    } while (token);
    return items;
  }

  async run(): Promise<ExportResult> {
    const experiments = await this.source.experiments();
    const runsByExperiment = new Map<string, SourceRun[]>();
    for (const experiment of experiments) runsByExperiment.set(experiment.id, await this.source.runs(experiment.id));
    const models = await this.source.registeredModels();
    // Fails early, before any write, when the server is not there.
    await this.call('POST', `${API}/experiments/search`, { max_results: 1 });

    this.progress.start([...runsByExperiment.values()].reduce((sum, runs) => sum + runs.length, 0));
    for (const experiment of experiments) await this.exportExperiment(experiment, runsByExperiment.get(experiment.id) ?? []);
    for (const model of models) await this.exportRegisteredModel(model);
    this.progress.finish();
    return this.result;
  }

  private async exportExperiment(experiment: SourceExperiment, runs: SourceRun[]): Promise<void> {
    let targetId: string;
    let deletedThere = false;
    try {
      const found = (await this.call('GET', `${API}/experiments/get-by-name?${new URLSearchParams({ experiment_name: experiment.name })}`))
        .experiment as Json;
      targetId = String(found.experiment_id);
      deletedThere = found.lifecycle_stage === 'deleted';
    } catch (error) {
      if (!(error instanceof MlflowApiFailure) || error.errorCode !== 'RESOURCE_DOES_NOT_EXIST') throw error;
      targetId = String((await this.call('POST', `${API}/experiments/create`, { name: experiment.name })).experiment_id);
    }
    // Runs can only be created in an active experiment.
    if (deletedThere) await this.call('POST', `${API}/experiments/restore`, { experiment_id: targetId });
    for (const tag of experiment.tags)
      await this.call('POST', `${API}/experiments/set-experiment-tag`, { experiment_id: targetId, key: tag.key, value: tag.value });

    const existing = await this.pages(
      (token) =>
        this.call('POST', `${API}/runs/search`, {
          experiment_ids: [targetId],
          run_view_type: 'ALL',
          max_results: PAGE_SIZE,
          ...(token ? { page_token: token } : {}),
        }),
      'runs',
    );
    const done = new Map<string, { runId: string; artifactUri: string }>();
    for (const run of existing) {
      const info = run.info as Json;
      const tags = (run.data as Json | undefined)?.tags;
      const sourceId = tagValue(tags, SOURCE_RUN_ID_TAG);
      if (sourceId !== undefined && tagValue(tags, EXPORT_PENDING_TAG) === undefined) {
        done.set(sourceId, { runId: String(info.run_id), artifactUri: String(info.artifact_uri) });
      } else if (info.lifecycle_stage !== 'deleted') {
        // Left half-sent by an interrupted export: out of the way, it is sent again below.
        await this.call('POST', `${API}/runs/delete`, { run_id: info.run_id });
      }
    }
    for (const run of runs) {
      const there = done.get(run.runId);
      if (there) {
        this.result.runsAlreadyThere += 1;
        this.result.runIds[run.runId] = there.runId;
        this.artifactUris.set(run.runId, { source: run.artifactUri, target: there.artifactUri });
        this.progress.runDone(true, 0);
      } else {
        await this.exportRun(run, targetId);
      }
    }
    if (experiment.lifecycleStage === 'deleted' || deletedThere)
      await this.call('POST', `${API}/experiments/delete`, { experiment_id: targetId });
  }

  private async exportRun(run: SourceRun, experimentId: string): Promise<void> {
    const data = await this.source.runData(run);
    const created = (
      await this.call('POST', `${API}/runs/create`, {
        experiment_id: experimentId,
        user_id: run.userId,
        run_name: run.name,
        start_time: run.startTime,
        tags: [{ key: EXPORT_PENDING_TAG, value: run.runId }],
      })
    ).run as { info: Json };
    const runId = String(created.info.run_id);
    const artifactUri = String(created.info.artifact_uri);
    for (const params of chunks(data.params, MAX_PARAMS_TAGS_PER_BATCH))
      await this.call('POST', `${API}/runs/log-batch`, { run_id: runId, params });
    for (const tags of chunks(data.tags, MAX_PARAMS_TAGS_PER_BATCH))
      await this.call('POST', `${API}/runs/log-batch`, { run_id: runId, tags });
    for (const metrics of chunks<MetricPoint>(data.metrics, MAX_METRICS_PER_BATCH)) {
      await this.call('POST', `${API}/runs/log-batch`, {
        run_id: runId,
        metrics: metrics.map((point) => ({ key: point.key, value: wireDouble(point.value), timestamp: point.timestamp, step: point.step })),
      });
    }
    if (data.inputs.length > 0) {
      await this.call('POST', `${API}/runs/log-inputs`, {
        run_id: runId,
        datasets: data.inputs.map((input) => ({
          tags: input.tags,
          dataset: {
            name: input.name,
            digest: input.digest,
            source_type: input.sourceType,
            source: input.source,
            ...(input.schema === null ? {} : { schema: input.schema }),
            ...(input.profile === null ? {} : { profile: input.profile }),
          },
        })),
      });
    }
    await this.exportArtifacts(run, artifactUri);
    await this.call('POST', `${API}/runs/update`, {
      run_id: runId,
      status: run.status,
      ...(run.endTime === null ? {} : { end_time: run.endTime }),
    });
    await this.call('POST', `${API}/runs/set-tag`, { run_id: runId, key: SOURCE_RUN_ID_TAG, value: run.runId });
    await this.call('POST', `${API}/runs/delete-tag`, { run_id: runId, key: EXPORT_PENDING_TAG });
    if (run.lifecycleStage === 'deleted') await this.call('POST', `${API}/runs/delete`, { run_id: runId });
    this.result.runsSent += 1;
    this.result.metricPointsSent += data.metrics.length;
    this.result.runIds[run.runId] = runId;
    this.artifactUris.set(run.runId, { source: run.artifactUri, target: artifactUri });
    this.progress.runDone(false, data.metrics.length);
  }

  private async exportArtifacts(run: SourceRun, artifactUri: string): Promise<void> {
    const files = await this.source.artifacts(run);
    if (files.length === 0) return;
    if (!artifactUri.startsWith(ARTIFACTS_SCHEME)) {
      throw new ImportSourceError(
        `The MLflow server stores run ${run.runId}'s artifacts at ${artifactUri}, which it does not proxy: start it with --serve-artifacts (MLflow 2's default) to export artifacts.`,
      );
    }
    const root = artifactUri
      .slice(ARTIFACTS_SCHEME.length)
      .replace(/^\/\/[^/]*/, '')
      .replace(/^\/+/, '');
    for (const file of files) {
      const url = `${this.baseUrl}/api/2.0/mlflow-artifacts/artifacts/${[...root.split('/'), ...file.path.split('/')].map(encodeURIComponent).join('/')}`;
      const body: Readable = await file.open();
      const response = await fetch(url, {
        method: 'PUT',
        body: Readable.toWeb(body) as ReadableStream<Uint8Array>,
        duplex: 'half',
      } as RequestInit);
      if (!response.ok)
        throw new ImportSourceError(
          `Uploading ${file.path} of run ${run.runId} failed: ${response.status} ${(await response.text()).slice(0, 200)}`,
        );
      this.result.artifactFilesSent += 1;
      this.result.artifactBytesSent += file.size;
      this.progress.bytesCopied(file.size);
    }
  }

  private async exportRegisteredModel(model: SourceRegisteredModel): Promise<void> {
    const name = model.name;
    try {
      await this.call('GET', `${API}/registered-models/get?${new URLSearchParams({ name })}`);
    } catch (error) {
      if (!(error instanceof MlflowApiFailure) || error.errorCode !== 'RESOURCE_DOES_NOT_EXIST') throw error;
      await this.call('POST', `${API}/registered-models/create`, {
        name,
        ...(model.description ? { description: model.description } : {}),
      });
    }
    for (const tag of model.tags) await this.call('POST', `${API}/registered-models/set-tag`, { name, key: tag.key, value: tag.value });
    const existing = await this.pages((token) => {
      const query = new URLSearchParams({ filter: `name='${name.replaceAll("'", "\\'")}'`, max_results: String(PAGE_SIZE) });
      if (token) query.set('page_token', token);
      return this.call('GET', `${API}/model-versions/search?${query}`);
    }, 'model_versions');
    /** Runboard version → the version number MLflow gave it. */
    const versions = new Map<number, string>();
    for (const version of existing) {
      const sourceVersion = tagValue(version.tags, SOURCE_VERSION_TAG);
      if (sourceVersion !== undefined) versions.set(Number(sourceVersion), String(version.version));
    }
    for (const version of model.versions) {
      if (versions.has(version.version)) continue;
      const runId = version.runId ? this.result.runIds[version.runId] : undefined;
      const uris = version.runId ? this.artifactUris.get(version.runId) : undefined;
      let source = version.source ?? '';
      if (uris && source.startsWith(uris.source)) source = uris.target + source.slice(uris.source.length);
      const created = (
        await this.call('POST', `${API}/model-versions/create`, {
          name,
          source,
          ...(runId ? { run_id: runId } : {}),
          ...(version.description ? { description: version.description } : {}),
          tags: [...version.tags, { key: SOURCE_VERSION_TAG, value: String(version.version) }],
        })
      ).model_version as Json;
      const number = String(created.version);
      versions.set(version.version, number);
      if (version.currentStage !== 'None') {
        await this.call('POST', `${API}/model-versions/transition-stage`, {
          name,
          version: number,
          stage: version.currentStage,
          archive_existing_versions: false,
        });
      }
      this.result.versionsSent += 1;
    }
    for (const alias of model.aliases) {
      const version = versions.get(alias.version);
      if (version !== undefined) await this.call('POST', `${API}/registered-models/alias`, { name, alias: alias.alias, version });
    }
  }
}
