// --workers N as a team runs it: N server processes on one port sharing one SQLite file. Writers
// queue on the busy timeout (no client ever sees SQLITE_BUSY), readers run alongside, everything
// acknowledged is there afterwards, a killed worker is replaced, and SIGTERM stops them all.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli, stopAllCli, type RunningServer } from '../support/cli-process.js';

const folder = mkdtempSync(join(tmpdir(), 'rb-cli-workers-'));
const WRITERS = 4;
const READERS = 2;
const ROUNDS = 15;
const STEPS = 100;

afterAll(async () => {
  // A test that timed out may have left its server running.
  await stopAllCli();
  rmSync(folder, { recursive: true, force: true });
}, 30_000);

/** Pids of the worker processes of a primary (children running the launcher). */
function workerPids(server: RunningServer): number[] {
  const lines = execFileSync('ps', ['--ppid', String(server.child.pid), '-o', 'pid=,args='], { encoding: 'utf8' })
    .trim()
    .split('\n');
  return lines
    .filter((line) => line.includes('start.mjs'))
    .map((line) => Number(line.trim().split(/\s+/)[0]))
    .sort();
}

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function api(server: RunningServer, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.url}/api/2.0/mlflow/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

describe('--workers', { timeout: 120_000 }, () => {
  it('refuses a bad worker count and an in-memory database shared by several processes', () => {
    for (const value of ['0', 'two', '1.5', '1000']) {
      const { status, output } = runCli(['--port', '0', '--workers', value]);
      expect(status, output).toBe(2);
      expect(output).toContain("option '--workers <n>' argument");
    }
    const memory = runCli(['--port', '0', '--workers', '2', '--backend-store-uri', 'sqlite:///:memory:']);
    expect(memory.status).toBe(2);
    expect(memory.output).toContain('--workers above 1 needs a database the processes can share');
  });

  it('serves 4 writers and 2 readers at once from 2 processes without an error, and keeps every write', async () => {
    const server = await startCli([
      '--workers',
      '2',
      '--backend-store-uri',
      `sqlite:///${join(folder, 'shared.db')}`,
      '--artifacts-destination',
      join(folder, 'artifacts'),
    ]);
    try {
      expect(server.output()).toContain('(2 worker processes)');
      expect(workerPids(server)).toHaveLength(2);
      const { experiment_id: experimentId } = (await api(server, 'experiments/create', { name: 'workers' })) as { experiment_id: string };

      const written: { runId: string; writer: number }[] = [];
      const errors: string[] = [];
      let writing = true;
      const writer = async (index: number): Promise<void> => {
        for (let round = 0; round < ROUNDS; round += 1) {
          const { run } = (await api(server, 'runs/create', { experiment_id: experimentId, start_time: Date.now() })) as {
            run: { info: { run_id: string } };
          };
          const runId = run.info.run_id;
          const metrics = Array.from({ length: STEPS }, (_, step) => ({
            key: 'loss',
            value: 1 / (step + 1),
            step,
            timestamp: 1000 + step,
          }));
          await api(server, 'runs/log-batch', {
            run_id: runId,
            metrics,
            params: [{ key: 'writer', value: String(index) }],
            tags: [{ key: 'round', value: String(round) }],
          });
          await api(server, 'runs/set-tag', { run_id: runId, key: 'done', value: 'yes' });
          written.push({ runId, writer: index });
        }
      };
      const reader = async (): Promise<number> => {
        let reads = 0;
        while (writing) {
          await api(server, 'runs/search', {
            experiment_ids: [experimentId],
            filter: "params.writer = '1'",
            max_results: 50,
            order_by: ['metrics.loss ASC'],
          });
          const last = written.at(-1);
          if (last) await api(server, `metrics/get-history?run_id=${last.runId}&metric_key=loss`);
          reads += 1;
        }
        return reads;
      };
      const readers = Array.from({ length: READERS }, () => reader().catch((error: Error) => (errors.push(error.message), 0)));
      await Promise.all(
        Array.from({ length: WRITERS }, (_, index) => writer(index).catch((error: Error) => void errors.push(error.message))),
      );
      writing = false;
      const reads = await Promise.all(readers);
      expect(errors).toEqual([]);
      expect(reads.every((count) => count > 0)).toBe(true);

      // Every acknowledged write is there, whichever process served it.
      expect(written).toHaveLength(WRITERS * ROUNDS);
      const found = (await api(server, 'runs/search', {
        experiment_ids: [experimentId],
        max_results: 1000,
        filter: "tags.done = 'yes'",
      })) as {
        runs: { info: { run_id: string }; data: { params: { key: string; value: string }[] } }[];
      };
      expect(found.runs.map((run) => run.info.run_id).sort()).toEqual(written.map((entry) => entry.runId).sort());
      for (const { runId } of written.filter((_, index) => index % 7 === 0)) {
        const history = (await api(server, `metrics/get-history?run_id=${runId}&metric_key=loss`)) as { metrics: unknown[] };
        expect(history.metrics).toHaveLength(STEPS);
      }
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
  });

  it('replaces a worker that dies, and stops every worker on SIGTERM', async () => {
    const server = await startCli([
      '--workers',
      '2',
      '--backend-store-uri',
      `sqlite:///${join(folder, 'restart.db')}`,
      '--artifacts-destination',
      join(folder, 'artifacts'),
    ]);
    let after: number[] = [];
    try {
      const before = workerPids(server);
      expect(before).toHaveLength(2);
      const [victim = 0, survivor = 0] = before;
      process.kill(victim, 'SIGKILL');
      // Once the primary has seen the death, the survivor answers while a replacement starts.
      await waitFor(() => server.output().includes(`Worker ${victim} was killed by SIGKILL: starting a new one`));
      expect((await fetch(`${server.url}/health`, { signal: AbortSignal.timeout(10_000) })).status).toBe(200);
      await waitFor(() => workerPids(server).length === 2 && !workerPids(server).includes(victim));
      after = workerPids(server);
      expect(after).toHaveLength(2);
      expect(after).toContain(survivor);
      expect(after).not.toContain(victim);
      for (let attempt = 0; attempt < 10; attempt += 1) {
        expect((await fetch(`${server.url}/health`, { signal: AbortSignal.timeout(10_000) })).status).toBe(200);
      }
    } finally {
      // A failed check must not leave the primary and its workers running.
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    for (const pid of after) expect(() => process.kill(pid, 0)).toThrow();
  });

  it('loads the demo data once, in the primary, before forking', async () => {
    const server = await startCli(
      [
        '--workers',
        '2',
        '--demo',
        '--backend-store-uri',
        `sqlite:///${join(folder, 'demo.db')}`,
        '--artifacts-destination',
        join(folder, 'demo-artifacts'),
      ],
      {
        timeoutMs: 90_000,
      },
    );
    try {
      expect(server.output().match(/Loaded the demo data/g)).toHaveLength(1);
      const { experiments } = (await api(server, 'experiments/search?max_results=1000')) as { experiments: { name: string }[] };
      const names = experiments.map((experiment) => experiment.name);
      expect(new Set(names).size).toBe(names.length);
      expect(names.length).toBeGreaterThan(1);
    } finally {
      expect(await server.stop('SIGINT')).toBe(0);
    }
  });
});
