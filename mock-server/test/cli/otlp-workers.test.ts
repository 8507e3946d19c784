// OTLP span export to `--workers 2` on one SQLite file: the batches of one trace reach both worker
// processes at once, and each merges its spans into the trace's traces.json (read, merge, write).
// Only the database's write lock keeps one worker's merge from overwriting the other's spans.
import { afterAll, describe, expect, it } from 'vitest';
import { startCliInFolder, stopAllCli, type RunningServer } from '../support/cli-process.js';
import { spanExport, spanNames } from '../support/otlp-trace-exports.js';

const SPANS = 20;
const TRACE_ID_HEX = 'e1e2e3e4e5e6e7e8f1f2f3f4f5f6f7f8';
let server: RunningServer | undefined;

afterAll(async () => {
  await server?.stop();
  await stopAllCli();
}, 30_000);

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, text: await response.text() };
}

describe('OTLP export of one trace to --workers 2 on SQLite', { timeout: 90_000 }, () => {
  it('keeps every span when the batches of a trace reach both workers at once', async () => {
    server = await startCliInFolder('rb-otlp-workers-', ['--workers', '2'], { timeoutMs: 60_000 });
    const created = await post(`${server.url}/api/2.0/mlflow/experiments/create`, JSON.stringify({ name: 'otlp-workers' }));
    expect(created.status, created.text).toBe(200);
    const experimentId = (JSON.parse(created.text) as { experiment_id: string }).experiment_id;

    const url = `${server.url}/v1/traces`;
    const replies = await Promise.all(
      Array.from({ length: SPANS }, (_, index) => post(url, spanExport(TRACE_ID_HEX, index), { 'x-mlflow-experiment-id': experimentId })),
    );
    for (const reply of replies) expect(reply.status, reply.text).toBe(200);

    const response = await fetch(`${server.url}/ajax-api/2.0/mlflow/get-trace-artifact?request_id=tr-${TRACE_ID_HEX}`);
    expect(response.status).toBe(200);
    const data = (await response.json()) as { spans: { name: string }[] };
    expect(data.spans.map((span) => span.name).sort()).toEqual(spanNames(SPANS));
  });
});
