import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { existsSync, readFileSync } from 'node:fs';
const path = process.env.DB ?? '/tmp/runbench/bench.db';
const fresh = !existsSync(path);
const s = new BetterSqlite3(path);
s.pragma('journal_mode = WAL'); s.pragma('synchronous = NORMAL'); s.pragma('case_sensitive_like = ON'); s.pragma('cache_size = -65536');
const db = new Kysely<any>({ dialect: new SqliteDialect({ database: s }) });
if (fresh) {
  const { migrations } = await import('../../store/migrations.js');
  await migrations['0001_initial']!.up(db);
  const N = Number(process.env.N ?? 100000);
  s.prepare("insert into experiments(experiment_id,name,artifact_location,lifecycle_stage,creation_time,last_update_time) values (1,'e','x','active',0,0)").run();
  s.prepare("insert into experiments(experiment_id,name,artifact_location,lifecycle_stage,creation_time,last_update_time) values (2,'f','x','active',0,0)").run();
  const ir = s.prepare("insert into runs values (?,?,?,'','FINISHED',?,null,null,'active','x')");
  const ip = s.prepare('insert into params values (?,?,?)');
  const it = s.prepare('insert into tags values (?,?,?)');
  const im = s.prepare('insert into latest_metrics (run_uuid,key,step,timestamp,value,is_nan) values (?,?,0,1,?,0)');
  const ih = s.prepare('insert into metrics (run_uuid,key,step,timestamp,value,is_nan) values (?,?,0,1,?,0)');
  const models = ['rf', 'xgboost', 'logreg'];
  const teams = ['a', 'b', 'c'];
  const { randomUUID } = await import('node:crypto');
  s.transaction(() => {
    for (let j = 0; j < N; j++) {
      const id = randomUUID().replaceAll('-', '');
      ir.run(id, `run-${j}`, j < 1000 ? 2 : 1, 1700000000000 - j * 1000);
      ip.run(id, 'model', models[Math.floor(Math.random() * 3)]); ip.run(id, 'max_depth', String(j % 10)); ip.run(id, 'n_estimators', String(j % 7));
      it.run(id, 'team', teams[Math.floor(Math.random() * 3)]); it.run(id, 'mlflow.user', `user${j % 7}`); it.run(id, 'mlflow.runName', `run-${j}`);
      for (const k of ['acc', 'auc', 'loss']) { const v = Math.random(); im.run(id, k, v); ih.run(id, k, v); }
    }
  })();
}
for (const stmt of (process.env.EXTRA ?? '').split(';').filter(Boolean)) s.exec(stmt);
const queries: Record<string, string> = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
for (const [label, q] of Object.entries(queries)) {
  const st = s.prepare(q);
  const times = [];
  let n = 0;
  for (let i = 0; i < 5; i++) { const t = performance.now(); n = st.all().length; times.push(performance.now() - t); }
  console.log(label.padEnd(24), times.map((t) => t.toFixed(1)).join(' '), n);
  if (process.env.PLAN) console.log(s.prepare('explain query plan ' + q).all().map((r: any) => '   ' + r.detail).join('\n'));
}
for (const stmt of (process.env.CLEAN ?? '').split(';').filter(Boolean)) s.exec(stmt);
