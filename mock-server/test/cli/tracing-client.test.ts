// A Python `requests` client speaking to the real server process as the MLflow 2.17 client's
// tracing does (tracing-client.py), on SQLite.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCliInFolder, type RunningServer } from '../support/cli-process.js';

const script = join(import.meta.dirname, 'tracing-client.py');
const running: RunningServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop('SIGINT')));
});

async function startServer(): Promise<string> {
  const server = await startCliInFolder('rb-tracing-cli-');
  running.push(server);
  return server.url;
}

interface Step {
  status: number;
  body: Record<string, unknown> | string;
}

interface Trace {
  request_id: string;
  status: string;
  execution_time_ms: number;
  tags: { key: string; value: string }[];
}

describe('MLflow 2.17 tracing over REST from Python', { timeout: 90_000 }, () => {
  it('logs traces, searches, downloads their data, tags and deletes them', async () => {
    const url = await startServer();
    const result = spawnSync('python3', [script, url], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status, result.stderr).toBe(0);
    const { request_ids: requestIds, steps } = JSON.parse(result.stdout) as { request_ids: string[]; steps: Record<string, Step> };
    const body = (step: string) => steps[step]?.body as Record<string, unknown>;
    for (const [name, step] of Object.entries(steps)) {
      if (name !== 'bad_filter') expect(step.status, `${name}: ${JSON.stringify(step.body)}`).toBe(200);
    }
    const [first, second, third] = requestIds as [string, string, string];
    const page = body('search_ok').traces as Trace[];
    expect(page.map((trace) => trace.request_id)).toEqual([third]);
    expect(page[0]).toMatchObject({ status: 'OK', execution_time_ms: 40 });
    expect((body('search_ok_page_2').traces as Trace[]).map((trace) => trace.request_id)).toEqual([first]);
    const downloaded = steps.download?.body as { spans: { name: string }[]; response: string };
    expect(downloaded.response).toBe('"a2"');
    expect(steps.ui_download?.body).toEqual(downloaded);
    expect((body('search_tag').traces as Trace[]).map((trace) => trace.request_id)).toEqual([second]);
    expect(steps.bad_filter?.status).toBe(400);
    expect(body('bad_filter').error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(body('delete')).toEqual({ traces_deleted: 2 });
    expect((body('search_after_delete').traces as Trace[]).map((trace) => trace.request_id)).toEqual([third]);
    const v3 = (body('v3_get').trace as { trace_info: Record<string, unknown> }).trace_info;
    expect(v3).toMatchObject({
      trace_id: `tr-${'ab'.repeat(16)}`,
      state: 'OK',
      execution_duration: '0.042s',
      request_preview: '{"question": "v3"}',
    });
    expect(String(v3.request_time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.250Z$/);
    // Newest first: the 3.x trace, then the 2.x one left after the deletion (40 ms).
    expect((body('v3_search').traces as { trace_id: string }[]).map((trace) => trace.trace_id)).toEqual([`tr-${'ab'.repeat(16)}`, third]);
  });
});
