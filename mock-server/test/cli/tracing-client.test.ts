// A Python `requests` client speaking to the real server process as the MLflow 2.17 client's
// tracing does (tracing-client.py), on SQLite.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const launcher = join(import.meta.dirname, '..', '..', 'start.mjs');
const script = join(import.meta.dirname, 'tracing-client.py');
const running: ChildProcessWithoutNullStreams[] = [];
const folders: string[] = [];

afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGINT');
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function startServer(): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), 'rb-tracing-cli-'));
  folders.push(folder);
  const args = [
    '--no-build',
    '--port',
    '0',
    '--backend-store-uri',
    `sqlite:///${join(folder, 'store.db')}`,
    '--artifacts-destination',
    join(folder, 'artifacts'),
  ];
  const child = spawn(process.execPath, [launcher, ...args]);
  running.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 30_000);
    child.stdout.on('data', () => {
      const found = /http:\/\/localhost:(\d+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${found[1]}`);
      }
    });
  });
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
