import { createServer } from '../../app.js';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { logBatch } from '../../services/run-logging.js';

const { app, context } = await createServer({ backendStoreUri: process.env.URI ?? 'sqlite:///:memory:', artifactsDestination: mkdtempSync(path.join(os.tmpdir(), 'rb-')) });
const db = context!.db;
const post = async (url: string, body: unknown) => {
  const r = await app.inject({ method: 'POST', url: `/api/2.0/mlflow/${url}`, payload: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (r.statusCode !== 200) throw new Error(r.body);
  return r.json();
};
const exp = (await post('experiments/create', { name: 'bench' })).experiment_id;
const KEYS = ['loss', 'accuracy', 'lr', 'grad_norm', 'throughput'];
const stats = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return `min ${s[0]!.toFixed(2)} med ${s[Math.floor(s.length / 2)]!.toFixed(2)}`; };
for (const mode of (process.env.MODES ?? 'http,service').split(',')) {
  const run = (await post('runs/create', { experiment_id: exp, start_time: 1 })).run.info.run_id;
  const times: number[] = [];
  for (let batch = 0; batch < Number(process.env.B ?? 40); batch++) {
    const metrics = [];
    for (let o = 0; o < 200; o++) { const step = batch * 200 + o; for (const key of KEYS) metrics.push({ key, value: Math.random(), timestamp: 1700000000000 + step * 10, step }); }
    const body = JSON.stringify({ run_id: run, metrics });
    const s = process.cpuUsage();
    if (mode === 'http') await post('runs/log-batch', body);
    else await logBatch(db, run, { metrics, params: [], tags: [] });
    const d = process.cpuUsage(s);
    times.push((d.user + d.system) / 1000);
  }
  console.log(mode, stats(times));
}
await app.close();
