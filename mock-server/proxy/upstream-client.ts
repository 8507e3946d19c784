// The MLflow REST calls the --proxy-to bucket route makes to the upstream server on the browser's
// behalf (its Authorization and Cookie headers go along, so the upstream checks its own
// permissions), with a bounded number in flight across all requests: full histories in one queue,
// the small calls a first answer needs (runs/get, the step sample) in another, so a chart's first
// answer never waits behind another chart's history downloads.
import pLimit, { type LimitFunction } from 'p-limit';
import { MlflowError } from '../errors.js';
import { PackedPointsBuilder, type PackedPoints } from '../services/packed-points.js';

/** Page size when a server pages get-history (MLflow's MAX_RESULTS_GET_METRIC_HISTORY). */
const HISTORY_PAGE_SIZE = 25_000;
/** Request headers that carry the user's identity to the upstream server. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie'];

/** An upstream answer that is not a success: passed on as MLflow's `{error_code, message}` with its status. */
export class UpstreamError extends MlflowError {
  constructor(status: number, errorCode: string, message: string) {
    super(errorCode, message, status);
  }
}

export interface UpstreamRun {
  status: string;
  endTime: number | undefined;
  /** Each metric's latest point (step, timestamp), as runs/get reports it. */
  latest: Map<string, { step: number; timestamp: number }>;
}

interface WireMetric {
  key?: string;
  value?: number | string;
  timestamp?: number | string;
  step?: number | string;
  run_id?: string;
}

interface RunsGetAnswer {
  run?: {
    info?: { status?: string; end_time?: number | string | null };
    data?: { metrics?: WireMetric[] };
  };
}

/** A wire double: a number, or "NaN" / "Infinity" / "-Infinity". */
function wireValue(raw: number | string | undefined): number {
  if (typeof raw === 'number') return raw;
  if (raw === 'Infinity') return Infinity;
  if (raw === '-Infinity') return -Infinity;
  return raw === undefined ? NaN : Number(raw);
}

function pushMetric(builder: PackedPointsBuilder, metric: WireMetric): void {
  builder.push(Number(metric.step ?? 0), Number(metric.timestamp ?? 0), wireValue(metric.value));
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'ENDPOINT_NOT_FOUND',
  429: 'REQUEST_LIMIT_EXCEEDED',
};

/** `quick`: runs/get and step samples; `history`: full metric histories. */
export type Lane = 'quick' | 'history';

export class UpstreamClient {
  private readonly lanes: Record<Lane, LimitFunction>;

  constructor(
    readonly baseUrl: string,
    concurrency: Record<Lane, number>,
  ) {
    this.lanes = { quick: pLimit(concurrency.quick), history: pLimit(concurrency.history) };
  }

  /** The headers of the browser's request that go upstream. */
  static credentialsOf(headers: Record<string, string | string[] | undefined>): Headers {
    const forwarded = new Headers();
    for (const name of CREDENTIAL_HEADERS) {
      const value = headers[name];
      if (value !== undefined) forwarded.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    return forwarded;
  }

  /** GET of an upstream route with a query, parsed; failures become UpstreamError. Waits its turn in its lane. */
  async get<T>(path: string, query: [string, string][], credentials: Headers, lane: Lane): Promise<T> {
    const url = new URL(path, this.baseUrl);
    for (const [name, value] of query) url.searchParams.append(name, value);
    const call = async (): Promise<T> => {
      let response: Response;
      try {
        response = await fetch(url, { headers: credentials });
      } catch (error) {
        throw new UpstreamError(
          502,
          'TEMPORARILY_UNAVAILABLE',
          `The MLflow server at ${this.baseUrl} did not answer: ${(error as Error).message}`,
        );
      }
      const text = await response.text();
      if (!response.ok) throw upstreamErrorOf(response.status, text);
      try {
        return (text ? JSON.parse(text) : {}) as T;
      } catch {
        throw new UpstreamError(
          502,
          'TEMPORARILY_UNAVAILABLE',
          `The MLflow server at ${this.baseUrl} answered ${path} with something other than JSON.`,
        );
      }
    };
    return this.lanes[lane](call);
  }

  /** runs/get: status, end time and latest metrics; undefined when the run does not exist. */
  async getRun(runId: string, credentials: Headers): Promise<UpstreamRun | undefined> {
    let answer: RunsGetAnswer;
    try {
      answer = await this.get<RunsGetAnswer>('/api/2.0/mlflow/runs/get', [['run_id', runId]], credentials, 'quick');
    } catch (error) {
      if (error instanceof UpstreamError && error.errorCode === 'RESOURCE_DOES_NOT_EXIST') return undefined;
      throw error;
    }
    const info = answer.run?.info ?? {};
    const latest = new Map<string, { step: number; timestamp: number }>();
    for (const metric of answer.run?.data?.metrics ?? []) {
      if (metric.key !== undefined) latest.set(metric.key, { step: Number(metric.step ?? 0), timestamp: Number(metric.timestamp ?? 0) });
    }
    const endTime = info.end_time === undefined || info.end_time === null || info.end_time === '' ? undefined : Number(info.end_time);
    return { status: info.status ?? 'RUNNING', endTime, latest };
  }

  /** Every point of one run's metric (metrics/get-history), in key order. */
  async getFullHistory(runId: string, metricKey: string, credentials: Headers): Promise<PackedPoints> {
    const points = new PackedPointsBuilder();
    let pageToken: string | undefined;
    do {
      const query: [string, string][] = [
        ['run_id', runId],
        ['metric_key', metricKey],
      ];
      // Asked whole first (MLflow then answers every point, 2× cheaper than pages on the bundled
      // server); pages only if the server pages anyway.
      if (pageToken) query.push(['max_results', String(HISTORY_PAGE_SIZE)], ['page_token', pageToken]);
      const page = await this.get<{ metrics?: WireMetric[]; next_page_token?: string }>(
        '/api/2.0/mlflow/metrics/get-history',
        query,
        credentials,
        'history',
      );
      for (const metric of page.metrics ?? []) pushMetric(points, metric);
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
    return points.finish();
  }

  /**
   * metrics/get-history-bulk-interval: MLflow's step sample of up to 100 runs, per run in key
   * order: the quick first answer.
   */
  async getSampledHistories(
    runIds: readonly string[],
    metricKey: string,
    maxResults: number,
    window: { start: number; end: number } | undefined,
    credentials: Headers,
  ): Promise<{ byRun: Map<string, PackedPoints>; distinctSteps: number }> {
    const query: [string, string][] = [
      ...runIds.map((id): [string, string] => ['run_ids', id]),
      ['metric_key', metricKey],
      ['max_results', String(maxResults)],
    ];
    if (window) query.push(['start_step', String(window.start)], ['end_step', String(window.end)]);
    const answer = await this.get<{ metrics?: WireMetric[] }>(
      '/ajax-api/2.0/mlflow/metrics/get-history-bulk-interval',
      query,
      credentials,
      'quick',
    );
    const builders = new Map<string, PackedPointsBuilder>();
    const steps = new Set<number>();
    for (const metric of answer.metrics ?? []) {
      if (metric.run_id === undefined) continue;
      steps.add(Number(metric.step ?? 0));
      let builder = builders.get(metric.run_id);
      if (!builder) builders.set(metric.run_id, (builder = new PackedPointsBuilder()));
      pushMetric(builder, metric);
    }
    const byRun = new Map([...builders].map(([runId, builder]) => [runId, builder.finish()]));
    return { byRun, distinctSteps: steps.size };
  }
}

function upstreamErrorOf(status: number, text: string): UpstreamError {
  try {
    const body = JSON.parse(text) as { error_code?: unknown; message?: unknown };
    if (typeof body.error_code === 'string') {
      return new UpstreamError(status, body.error_code, typeof body.message === 'string' ? body.message : '');
    }
  } catch {
    // not JSON: an HTML error page of the upstream's web server
  }
  const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'TEMPORARILY_UNAVAILABLE' : 'BAD_REQUEST');
  return new UpstreamError(status, code, `The MLflow server answered HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`);
}
