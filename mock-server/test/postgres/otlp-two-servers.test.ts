// OTLP span export to two Runboard server processes on one PostgreSQL database, as behind a load
// balancer: the batches of one trace land on either process at once, and each merges its spans into
// the trace's traces.json (read, merge, write). Nothing in memory is shared between the processes,
// so only the database can keep one merge from overwriting the other's spans.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwoServersOnOnePostgres, stopAllCli, type RunningServer } from '../support/cli-process.js';
import { spanExport, spanNames } from '../support/otlp-trace-exports.js';

const SPANS = 20;
const TRACE_ID_HEX = 'c1c2c3c4c5c6c7c8d1d2d3d4d5d6d7d8';

let servers: RunningServer[] = [];
let artifactsDir: string;

beforeAll(async () => {
  ({ servers, artifactsDir } = await startTwoServersOnOnePostgres('runboard-otlp-two-servers-'));
}, 60_000);

afterAll(async () => {
  await stopAllCli();
  rmSync(artifactsDir, { recursive: true, force: true });
});

async function post(
  server: RunningServer,
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${server.url}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, text: await response.text() };
}

describe('OTLP export of one trace to two servers on one PostgreSQL database', { timeout: 60_000 }, () => {
  it('keeps every span when the batches of a trace reach both servers at once', async () => {
    const [first, second] = servers as [RunningServer, RunningServer];
    const created = await post(first, '/api/2.0/mlflow/experiments/create', JSON.stringify({ name: 'otlp-two-servers' }), {});
    expect(created.status, created.text).toBe(200);
    const experimentId = (JSON.parse(created.text) as { experiment_id: string }).experiment_id;

    const replies = await Promise.all(
      Array.from({ length: SPANS }, (_, index) =>
        post(index % 2 === 0 ? first : second, '/v1/traces', spanExport(TRACE_ID_HEX, index), { 'x-mlflow-experiment-id': experimentId }),
      ),
    );
    for (const reply of replies) expect(reply.status, reply.text).toBe(200);

    const traceId = `tr-${TRACE_ID_HEX}`;
    for (const server of servers) {
      const response = await fetch(`${server.url}/ajax-api/2.0/mlflow/get-trace-artifact?request_id=${traceId}`);
      expect(response.status).toBe(200);
      const data = (await response.json()) as { spans: { name: string }[] };
      expect(data.spans.map((span) => span.name).sort()).toEqual(spanNames(SPANS));
    }
    const info = await fetch(`${second.url}/api/3.0/mlflow/traces/${traceId}`);
    const trace = (await info.json()) as { trace: { trace_info: { state: string; execution_duration: string } } };
    expect(trace.trace.trace_info).toMatchObject({ state: 'OK', execution_duration: '0.500s' });
  });
});
