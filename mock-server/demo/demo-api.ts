// The demo loader's view of the server: MLflow REST calls sent in-process with `app.inject`, so the
// demo data goes through exactly the same routes and services as any client's data.
import type { FastifyInstance } from 'fastify';
import type { Experiment, KeyValue, Metric, ModelVersion, RegisteredModel, Run, RunInfo } from '../../src/lib/mlflow/wire-types.js';

/** log-batch accepts at most this many metrics (and 1000 entries in all). */
export const MAX_BATCH_METRICS = 1000;
const MAX_BATCH_PARAMS = 100;
const MAX_BATCH_TAGS = 100;

type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

export interface DatasetInputBody {
  tags?: KeyValue[];
  dataset: { name: string; digest: string; source_type: string; source: string; schema?: string; profile?: string };
}

export interface MetricWriter {
  push(...metrics: Metric[]): Promise<void>;
  /** Sends what is left; resolves to the number of points written in all. */
  flush(): Promise<number>;
}

export class DemoApiError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`Demo data: ${method} ${url} answered ${status}: ${body.slice(0, 500)}`);
  }
}

function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value as readonly string[]) params.append(key, item);
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export class DemoApi {
  constructor(private readonly app: FastifyInstance) {}

  async request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, query: Query = {}): Promise<T> {
    const url = `/api/2.0/mlflow/${path}${queryString(query)}`;
    const response = await this.app.inject({
      method,
      url,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.statusCode !== 200) throw new DemoApiError(method, url, response.statusCode, response.body);
    return response.json<T>();
  }

  post<T = Record<string, never>>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  get<T>(path: string, query: Query): Promise<T> {
    return this.request<T>('GET', path, undefined, query);
  }

  async createExperiment(name: string, tags: KeyValue[]): Promise<string> {
    const { experiment_id } = await this.post<{ experiment_id: string }>('experiments/create', { name, tags });
    return experiment_id;
  }

  async searchExperiments(): Promise<Experiment[]> {
    const { experiments } = await this.post<{ experiments?: Experiment[] }>('experiments/search', { max_results: 1000, view_type: 'ALL' });
    return experiments ?? [];
  }

  async createRun(experimentId: string, runName: string, startTime: number, tags: KeyValue[]): Promise<RunInfo> {
    const userTag = tags.find((tag) => tag.key === 'mlflow.user');
    const { run } = await this.post<{ run: Run }>('runs/create', {
      experiment_id: experimentId,
      run_name: runName,
      start_time: Math.round(startTime),
      user_id: userTag?.value,
      tags,
    });
    return run.info;
  }

  async finishRun(runId: string, status: RunInfo['status'], endTime: number | undefined): Promise<void> {
    await this.post('runs/update', { run_id: runId, status, ...(endTime === undefined ? {} : { end_time: Math.round(endTime) }) });
  }

  /** Params and tags in as few log-batch calls as the limits allow. */
  async logParamsAndTags(runId: string, params: KeyValue[], tags: KeyValue[]): Promise<void> {
    for (let i = 0; i < Math.max(params.length, tags.length); i += Math.max(MAX_BATCH_PARAMS, MAX_BATCH_TAGS)) {
      await this.post('runs/log-batch', {
        run_id: runId,
        params: params.slice(i, i + MAX_BATCH_PARAMS),
        tags: tags.slice(i, i + MAX_BATCH_TAGS),
      });
    }
  }

  /** Metrics in log-batch calls of up to 1000 points each, in the order given. */
  async logMetrics(runId: string, metrics: readonly Metric[]): Promise<void> {
    for (let i = 0; i < metrics.length; i += MAX_BATCH_METRICS) {
      await this.post('runs/log-batch', { run_id: runId, metrics: metrics.slice(i, i + MAX_BATCH_METRICS) });
    }
  }

  /** Streams metric points into log-batch calls of exactly 1000 (the last may be shorter). */
  metricWriter(runId: string): MetricWriter {
    const pending: Metric[] = [];
    let count = 0;
    return {
      push: async (...metrics: Metric[]) => {
        pending.push(...metrics);
        count += metrics.length;
        while (pending.length >= MAX_BATCH_METRICS) await this.logMetrics(runId, pending.splice(0, MAX_BATCH_METRICS));
      },
      flush: async () => {
        if (pending.length > 0) await this.logMetrics(runId, pending.splice(0, pending.length));
        return count;
      },
    };
  }

  async logInputs(runId: string, datasets: DatasetInputBody[]): Promise<void> {
    await this.post('runs/log-inputs', { run_id: runId, datasets });
  }

  async logModel(runId: string, model: Record<string, unknown>): Promise<void> {
    await this.post('runs/log-model', { run_id: runId, model_json: JSON.stringify(model) });
  }

  /**
   * Uploads one file through the artifact proxy, like the Python client's `log_artifact`; runs under
   * a direct `--default-artifact-root` (file://, s3://) get it through the UI's upload route instead.
   */
  async putArtifact(artifactUri: string, path: string, content: Buffer | string, contentType: string): Promise<void> {
    const payload = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const directRunId = artifactUri.startsWith('mlflow-artifacts:') ? undefined : /\/([0-9a-f]{32})\/artifacts\/?$/.exec(artifactUri)?.[1];
    const url = directRunId
      ? `/ajax-api/2.0/mlflow/upload-artifact${queryString({ run_uuid: directRunId, path })}`
      : `/api/2.0/mlflow-artifacts/artifacts/${artifactRootPath(artifactUri)}/${path}`;
    const response = await this.app.inject({
      method: directRunId ? 'POST' : 'PUT',
      url,
      headers: { 'content-type': contentType, ...(directRunId ? { 'x-requested-with': 'XMLHttpRequest' } : {}) },
      payload,
    });
    if (response.statusCode !== 200) throw new DemoApiError(directRunId ? 'POST' : 'PUT', url, response.statusCode, response.body);
  }

  async createRegisteredModel(name: string, description: string, tags: KeyValue[]): Promise<RegisteredModel> {
    const { registered_model } = await this.post<{ registered_model: RegisteredModel }>('registered-models/create', {
      name,
      description,
      tags,
    });
    return registered_model;
  }

  async createModelVersion(name: string, runId: string, description: string, tags: KeyValue[]): Promise<ModelVersion> {
    const { model_version } = await this.post<{ model_version: ModelVersion }>('model-versions/create', {
      name,
      source: `runs:/${runId}/model`,
      run_id: runId,
      description,
      tags,
    });
    return model_version;
  }

  async transitionStage(name: string, version: string, stage: string): Promise<void> {
    await this.post('model-versions/transition-stage', { name, version, stage, archive_existing_versions: false });
  }

  async setAlias(name: string, alias: string, version: string): Promise<void> {
    await this.post('registered-models/alias', { name, alias, version });
  }
}

/** `mlflow-artifacts:/1/abc/artifacts` → `1/abc/artifacts` (the path under the proxy's root). */
export function artifactRootPath(artifactUri: string): string {
  const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.*)$/.exec(artifactUri);
  if (!match?.[1]) throw new Error(`Demo data needs proxied artifacts (mlflow-artifacts:/...), got artifact_uri ${artifactUri}`);
  return match[1].replace(/\/+$/, '');
}
