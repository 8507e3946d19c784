// A minimal MLflow REST client over fetch (keep-alive), for driving the server in benchmarks.
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    readonly body: string,
  ) {
    super(`${url} answered ${status}: ${body.slice(0, 300)}`);
  }
}

export type Query = Record<string, string | number | readonly string[]>;

export function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) for (const item of value as readonly string[]) params.append(key, item);
    else params.append(key, String(value));
  }
  return `${path}?${params.toString()}`;
}

export class MlflowClient {
  constructor(readonly baseUrl: string) {}

  /** POSTs an already serialized JSON body and returns the raw response text. */
  async postRaw(path: string, body: string): Promise<string> {
    const url = `${this.baseUrl}${path}`;
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const text = await response.text();
    if (response.status !== 200) throw new HttpError(response.status, url, text);
    return text;
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    return JSON.parse(await this.postRaw(`/api/2.0/mlflow/${path}`, JSON.stringify(body))) as T;
  }

  /** GETs a path (with its query) and returns the raw response text. */
  async getRaw(pathAndQuery: string): Promise<string> {
    const url = `${this.baseUrl}${pathAndQuery}`;
    const response = await fetch(url);
    const text = await response.text();
    if (response.status !== 200) throw new HttpError(response.status, url, text);
    return text;
  }

  async createExperiment(name: string): Promise<string> {
    const { experiment_id } = await this.post<{ experiment_id: string }>('experiments/create', { name });
    return experiment_id;
  }

  async createRun(experimentId: string, runName: string, tags: { key: string; value: string }[] = []): Promise<string> {
    const { run } = await this.post<{ run: { info: { run_id: string } } }>('runs/create', {
      experiment_id: experimentId,
      run_name: runName,
      start_time: Date.now(),
      tags,
    });
    return run.info.run_id;
  }
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight. */
export async function forEachConcurrent(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
