// A live MLflow tracking server read over its REST API (any backend): experiments and runs of
// every lifecycle stage, full metric histories through get-history's pages, artifacts through
// artifacts/list + get-artifact, and the registry through its search endpoints.
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import {
  ImportSourceError,
  parseRunStatus,
  type ImportSource,
  type KeyValue,
  type MetricPoint,
  type SourceArtifact,
  type SourceDatasetInput,
  type SourceExperiment,
  type SourceRegisteredModel,
  type SourceRun,
  type SourceRunData,
} from './source-model.js';

type Json = Record<string, unknown>;

const PAGE_SIZE = 1000;
const HISTORY_PAGE_SIZE = 25000;
const VERSIONS_PAGE_SIZE = 10000;

function array(value: unknown): Json[] {
  return Array.isArray(value) ? (value as Json[]) : [];
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

function nullableText(value: unknown): string | null {
  return value === undefined || value === null ? null : text(value);
}

function time(value: unknown): number {
  return Number(value ?? 0);
}

function keyValues(value: unknown): KeyValue[] {
  return array(value).map((entry) => ({ key: text(entry.key), value: text(entry.value) }));
}

/** MLflow writes NaN and infinities as strings. */
function wireDouble(value: unknown): number {
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  return Number(value);
}

export class RestSource implements ImportSource {
  readonly description: string;
  private readonly baseUrl: string;
  /** run id → keys of its metrics, as runs/search listed them. */
  private readonly metricKeys = new Map<string, string[]>();
  private readonly runFields = new Map<string, { params: KeyValue[]; tags: KeyValue[]; inputs: SourceDatasetInput[] }>();

  constructor(url: string) {
    this.baseUrl = url.replace(/\/+$/, '');
    this.description = `MLflow tracking server ${this.baseUrl}`;
  }

  private async request(method: 'GET' | 'POST', path: string, body?: Json): Promise<Response> {
    let response: Response;
    const url = `${this.baseUrl}${path}`;
    try {
      response = await fetch(url, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      throw new ImportSourceError(`Cannot reach the MLflow server at ${this.baseUrl}: ${cause}`);
    }
    if (!response.ok) {
      const detail = (await response.text()).slice(0, 300);
      throw new ImportSourceError(`${method} ${url} answered ${response.status}: ${detail}`);
    }
    return response;
  }

  private async json(method: 'GET' | 'POST', path: string, body?: Json): Promise<Json> {
    const response = await this.request(method, path, body);
    try {
      return (await response.json()) as Json;
    } catch {
      throw new ImportSourceError(`${this.baseUrl}${path} did not answer JSON: is this an MLflow tracking server?`);
    }
  }

  private async pages(fetchPage: (token: string | undefined) => Promise<Json>, field: string): Promise<Json[]> {
    const items: Json[] = [];
    let token: string | undefined;
    do {
      const page = await fetchPage(token);
      items.push(...array(page[field]));
      token = typeof page.next_page_token === 'string' && page.next_page_token !== '' ? page.next_page_token : undefined;
    } while (token);
    return items;
  }

  async experiments(): Promise<SourceExperiment[]> {
    const experiments = await this.pages(
      (token) =>
        this.json('POST', '/api/2.0/mlflow/experiments/search', {
          max_results: PAGE_SIZE,
          view_type: 'ALL',
          ...(token ? { page_token: token } : {}),
        }),
      'experiments',
    );
    return experiments.map((experiment) => ({
      id: text(experiment.experiment_id),
      name: text(experiment.name),
      lifecycleStage: text(experiment.lifecycle_stage) || 'active',
      creationTime: time(experiment.creation_time),
      lastUpdateTime: time(experiment.last_update_time ?? experiment.creation_time),
      tags: keyValues(experiment.tags),
    }));
  }

  async runs(experimentId: string): Promise<SourceRun[]> {
    const runs = await this.pages(
      (token) =>
        this.json('POST', '/api/2.0/mlflow/runs/search', {
          experiment_ids: [experimentId],
          run_view_type: 'ALL',
          max_results: PAGE_SIZE,
          ...(token ? { page_token: token } : {}),
        }),
      'runs',
    );
    return runs.map((run) => {
      const info = (run.info ?? {}) as Json;
      const data = (run.data ?? {}) as Json;
      const runId = text(info.run_id ?? info.run_uuid);
      this.metricKeys.set(runId, [...new Set(array(data.metrics).map((metric) => text(metric.key)))]);
      const inputs = array(((run.inputs ?? {}) as Json).dataset_inputs).map((input) => {
        const dataset = (input.dataset ?? {}) as Json;
        return {
          name: text(dataset.name),
          digest: text(dataset.digest),
          sourceType: text(dataset.source_type),
          source: text(dataset.source),
          schema: nullableText(dataset.schema),
          profile: nullableText(dataset.profile),
          tags: keyValues(input.tags),
        };
      });
      this.runFields.set(runId, { params: keyValues(data.params), tags: keyValues(data.tags), inputs });
      return {
        runId,
        experimentId,
        name: text(info.run_name),
        userId: text(info.user_id),
        status: parseRunStatus(info.status, `run ${runId}`),
        startTime: time(info.start_time),
        endTime: info.end_time === undefined || info.end_time === null ? null : time(info.end_time),
        deletedTime: null,
        lifecycleStage: text(info.lifecycle_stage) || 'active',
        artifactUri: text(info.artifact_uri),
      };
    });
  }

  async runData(run: SourceRun): Promise<SourceRunData> {
    const fields = this.runFields.get(run.runId) ?? { params: [], tags: [], inputs: [] };
    const metrics: MetricPoint[] = [];
    for (const key of this.metricKeys.get(run.runId) ?? []) {
      const points = await this.pages((token) => {
        const query = new URLSearchParams({ run_id: run.runId, metric_key: key, max_results: String(HISTORY_PAGE_SIZE) });
        if (token) query.set('page_token', token);
        return this.json('GET', `/api/2.0/mlflow/metrics/get-history?${query}`);
      }, 'metrics');
      for (const point of points)
        metrics.push({ key, value: wireDouble(point.value), timestamp: time(point.timestamp), step: time(point.step) });
    }
    return { params: fields.params, tags: fields.tags, metrics, inputs: fields.inputs };
  }

  async artifacts(run: SourceRun): Promise<SourceArtifact[]> {
    const files: SourceArtifact[] = [];
    const walk = async (path: string | undefined): Promise<void> => {
      const entries = await this.pages((token) => {
        const query = new URLSearchParams({ run_id: run.runId });
        if (path) query.set('path', path);
        if (token) query.set('page_token', token);
        return this.json('GET', `/api/2.0/mlflow/artifacts/list?${query}`);
      }, 'files');
      for (const entry of entries) {
        const entryPath = text(entry.path);
        if (entry.is_dir === true) {
          await walk(entryPath);
          continue;
        }
        files.push({
          path: entryPath,
          size: Number(entry.file_size ?? 0),
          open: async () => {
            const query = new URLSearchParams({ run_id: run.runId, path: entryPath });
            const response = await this.request('GET', `/get-artifact?${query}`);
            if (!response.body) return Readable.from([]);
            return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
          },
        });
      }
    };
    await walk(undefined);
    return files;
  }

  async registeredModels(): Promise<SourceRegisteredModel[]> {
    const models = await this.pages((token) => {
      const query = new URLSearchParams({ max_results: String(PAGE_SIZE) });
      if (token) query.set('page_token', token);
      return this.json('GET', `/api/2.0/mlflow/registered-models/search?${query}`);
    }, 'registered_models');
    const result: SourceRegisteredModel[] = [];
    for (const model of models) {
      const name = text(model.name);
      const versions = await this.pages((token) => {
        const query = new URLSearchParams({ filter: `name='${name.replaceAll("'", "\\'")}'`, max_results: String(VERSIONS_PAGE_SIZE) });
        if (token) query.set('page_token', token);
        return this.json('GET', `/api/2.0/mlflow/model-versions/search?${query}`);
      }, 'model_versions');
      result.push({
        name,
        creationTime: time(model.creation_timestamp),
        lastUpdatedTime: time(model.last_updated_timestamp ?? model.creation_timestamp),
        description: nullableText(model.description),
        tags: keyValues(model.tags),
        aliases: array(model.aliases).map((alias) => ({ alias: text(alias.alias), version: Number(alias.version) })),
        versions: versions
          .map((version) => ({
            version: Number(version.version),
            creationTime: time(version.creation_timestamp),
            lastUpdatedTime: time(version.last_updated_timestamp ?? version.creation_timestamp),
            description: nullableText(version.description),
            userId: nullableText(version.user_id),
            currentStage: text(version.current_stage) || 'None',
            source: nullableText(version.source),
            runId: nullableText(version.run_id),
            runLink: nullableText(version.run_link),
            status: text(version.status) || 'READY',
            statusMessage: nullableText(version.status_message),
            tags: keyValues(version.tags),
          }))
          .sort((a, b) => a.version - b.version),
      });
    }
    return result;
  }
}
