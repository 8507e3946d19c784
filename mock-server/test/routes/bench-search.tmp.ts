// temporary benchmark (not committed)
import { createServer } from '../../app.js';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';

const N = Number(process.env.N ?? 100000);
const { app, context } = await createServer({ backendStoreUri: process.env.URI ?? 'sqlite:///:memory:', artifactsDestination: mkdtempSync(path.join(os.tmpdir(), 'rb-')) });
const db = context!.db;
const post = async (url: string, body: unknown) => {
  const r = await app.inject({ method: 'POST', url: `/api/2.0/mlflow/${url}`, payload: body as object });
  if (r.statusCode !== 200) throw new Error(r.body);
  return r.json();
};
const reuse = process.env.REUSE === '1';
const exp = reuse ? (await app.inject({ method: 'GET', url: '/api/2.0/mlflow/experiments/get-by-name?experiment_name=bench' })).json().experiment.experiment_id : (await post('experiments/create', { name: 'bench' })).experiment_id;
const t0 = performance.now();
const models = ['rf', 'xgboost', 'logreg'];
const teams = ['a', 'b', 'c'];
if (!reuse) await db.transaction().execute(async (trx) => {
  const B = 2000;
  for (let i = 0; i < N; i += B) {
    const runs = [], params = [], tags = [], metrics = [];
    for (let j = i; j < Math.min(N, i + B); j++) {
      const id = randomUUID().replaceAll('-', '');
      runs.push({ run_uuid: id, name: `run-${j}`, experiment_id: Number(exp), user_id: '', status: 'FINISHED', start_time: 1700000000000 - j * 1000, end_time: null, deleted_time: null, lifecycle_stage: 'active', artifact_uri: 'x' });
      params.push({ run_uuid: id, key: 'model', value: models[Math.floor(Math.random()*3)]! }, { run_uuid: id, key: 'lr', value: String(j % 10) });
      tags.push({ run_uuid: id, key: 'team', value: teams[Math.floor(Math.random()*3)]! }, { run_uuid: id, key: 'mlflow.runName', value: `run-${j}` });
      for (const [k, v] of [['acc', Math.random()], ['loss', Math.random()]] as const) {
        metrics.push({ run_uuid: id, key: k, value: v, is_nan: 0, timestamp: 1, step: 0 });
      }
    }
    await trx.insertInto('runs').values(runs).execute();
    for (let k = 0; k < params.length; k += 1000) await trx.insertInto('params').values(params.slice(k, k + 1000)).execute();
    for (let k = 0; k < tags.length; k += 1000) await trx.insertInto('tags').values(tags.slice(k, k + 1000)).execute();
    for (let k = 0; k < metrics.length; k += 1000) {
      await trx.insertInto('metrics').values(metrics.slice(k, k + 1000)).execute();
      await trx.insertInto('latest_metrics').values(metrics.slice(k, k + 1000)).execute();
    }
  }
});
console.log('seeded', N, 'in', Math.round(performance.now() - t0), 'ms');
if (process.env.ANALYZE) await sql`analyze`.execute(db);

async function time(label: string, body: object) {
  const times: number[] = [];
  let res: any;
  for (let i = 0; i < Number(process.env.REPS ?? 9); i++) {
    const s = process.cpuUsage();
    res = await post('runs/search', body);
    const d = process.cpuUsage(s);
    times.push((d.user + d.system) / 1000);
  }
  times.sort((a, b) => a - b);
  console.log(label.padEnd(24), 'min', times[0]!.toFixed(1), 'med', times[Math.floor(times.length / 2)]!.toFixed(1), 'runs', res.runs?.length ?? 0);
}
const base = { experiment_ids: [exp], max_results: 100 };
if (process.env.ONLY) { await time('only', process.env.ONLY === 'default' ? base : { ...base, filter: "metrics.acc > 0.5 and params.model = 'rf' and tags.team = 'a'", order_by: ['metrics.acc DESC'] }); await app.close(); process.exit(0); }
await time('default order', base);
await time('filter3 order metric', { ...base, filter: "metrics.acc > 0.5 and params.model = 'rf' and tags.team = 'a'", order_by: ['metrics.acc DESC'] });
await time('filter3 default order', { ...base, filter: "metrics.acc > 0.5 and params.model = 'rf' and tags.team = 'a'" });
await time('order metric only', { ...base, order_by: ['metrics.acc DESC'] });
await time('filter metric', { ...base, filter: 'metrics.acc > 0.5' });
await time('filter param', { ...base, filter: "params.model = 'rf'" });
await time('order param', { ...base, order_by: ['params.lr ASC'] });
await time('like tag', { ...base, filter: "tags.team LIKE 'a%'" });
await time('page 1000 default', { ...base, max_results: 1000 });

if (process.env.BATCH) {
const run = (await post('runs/create', { experiment_id: exp, start_time: 1 })).run.info.run_id;
for (let rep = 0; rep < 5; rep++) {
  const metrics = Array.from({ length: 1000 }, (_, i) => ({ key: `m${i % 10}`, value: Math.random(), timestamp: 1700000000000 + rep, step: rep * 1000 + i }));
  const s = performance.now();
  await post('runs/log-batch', { run_id: run, metrics });
  console.log('log-batch 1000', (performance.now() - s).toFixed(1));
}
}
await app.close();
