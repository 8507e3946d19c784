// Durability tests' shared pieces: log-batch bodies whose every point has a known value, and the
// check that every acknowledged batch can be read back in full.

export const STEPS_PER_BATCH = 500; // two keys per step: 1000 metrics per batch
export const KEYS = ['loss', 'acc'] as const;

/** An acknowledged log-batch: batch number `batch` of client `client`. */
export interface AcknowledgedBatch {
  client: number;
  batch: number;
}

/** The value every (client, key, step) point must have; exact in binary floating point. */
export function expectedValue(client: number, key: (typeof KEYS)[number], step: number): number {
  return client * 1_000_000 + step + (key === 'acc' ? 0.5 : 0.25);
}

export function batchBody(runId: string, client: number, batch: number, baseTime: number): string {
  const metrics = [];
  for (let offset = 0; offset < STEPS_PER_BATCH; offset += 1) {
    const step = batch * STEPS_PER_BATCH + offset;
    for (const key of KEYS) metrics.push({ key, value: expectedValue(client, key, step), timestamp: baseTime + step, step });
  }
  return JSON.stringify({ run_id: runId, metrics });
}

/** GET or POST an MLflow endpoint of the server at `baseUrl`; throws on any status but 200. */
export async function mlflowApi<T>(baseUrl: string, method: 'GET' | 'POST', pathAndQuery: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/api/2.0/mlflow/${pathAndQuery}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${method} ${pathAndQuery} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Counts the points of acknowledged batches that the server at `baseUrl` lacks or holds with another value. */
export async function checkAcknowledgedPoints(
  baseUrl: string,
  runIds: readonly string[],
  acknowledged: readonly AcknowledgedBatch[],
): Promise<{ missing: number; wrong: number }> {
  let missing = 0;
  let wrong = 0;
  for (const [client, runId] of runIds.entries()) {
    const batches = acknowledged.filter((item) => item.client === client).map((item) => item.batch);
    for (const key of KEYS) {
      const { metrics = [] } = await mlflowApi<{ metrics?: { step: number; value: number }[] }>(
        baseUrl,
        'GET',
        `metrics/get-history?run_id=${runId}&metric_key=${key}`,
      );
      const valueByStep = new Map(metrics.map((metric) => [metric.step, metric.value]));
      for (const batch of batches) {
        for (let offset = 0; offset < STEPS_PER_BATCH; offset += 1) {
          const step = batch * STEPS_PER_BATCH + offset;
          const value = valueByStep.get(step);
          if (value === undefined) missing += 1;
          else if (value !== expectedValue(client, key, step)) wrong += 1;
        }
      }
    }
  }
  return { missing, wrong };
}

/**
 * One log-batch client per run, each sending its batches in turn to the server `baseUrlOf(client)`
 * names, until stopped or until its connection dies with the server.
 */
export class IngestClients {
  readonly acknowledged: AcknowledgedBatch[] = [];
  readonly rejected: string[] = [];
  /** Clients whose request was cut off by the server's death: that batch was never acknowledged. */
  lostInFlight = 0;
  private stopped = false;
  private readonly loops: Promise<void>[];

  constructor(runIds: readonly string[], baseUrlOf: (client: number) => string) {
    const baseTime = Date.now();
    this.loops = runIds.map((runId, client) => this.run(baseUrlOf(client), runId, client, baseTime));
  }

  private async run(baseUrl: string, runId: string, client: number, baseTime: number): Promise<void> {
    for (let batch = 0; !this.stopped; batch += 1) {
      try {
        const response = await fetch(`${baseUrl}/api/2.0/mlflow/runs/log-batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: batchBody(runId, client, batch, baseTime),
        });
        const text = await response.text();
        if (response.status === 200) this.acknowledged.push({ client, batch });
        else this.rejected.push(`${response.status} ${text.slice(0, 200)}`);
      } catch {
        this.lostInFlight += 1;
        return;
      }
    }
  }

  /** Stops sending and waits for every client's last request. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }
}
