import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
const s = new BetterSqlite3(':memory:');
s.pragma('case_sensitive_like = ON');
const db = new Kysely<any>({ dialect: new SqliteDialect({ database: s }) });
const { migrations } = await import('../../store/migrations.js');
for (const m of Object.keys(migrations)) await migrations[m]!.up(db);
const N = 100000;
s.prepare("insert into experiments(experiment_id,name,artifact_location,lifecycle_stage,creation_time,last_update_time) values (1,'e','x','active',0,0)").run();
const ir = s.prepare("insert into runs values (?,?,1,'','FINISHED',?,null,null,'active','x')");
const ip = s.prepare('insert into params values (?,?,?)');
const it = s.prepare('insert into tags values (?,?,?)');
const im = s.prepare('insert into latest_metrics (run_uuid,key,step,timestamp,value,is_nan) values (?,?,0,1,?,0)');
const models = ['rf', 'xgb', 'lr', 'svm'];
const teams = ['a', 'b', 'c', 'd'];
s.transaction(() => {
  for (let j = 0; j < N; j++) {
    const id = (j * 2654435761 % 4294967296).toString(16).padStart(32, '0');
    ir.run(id, `run-${j}`, 1700000000000 + j);
    ip.run(id, 'model', models[j % 4]); ip.run(id, 'lr', String(j % 10));
    it.run(id, 'team', teams[(j >> 2) % 4]); it.run(id, 'mlflow.runName', `run-${j}`);
    im.run(id, 'acc', Math.random()); im.run(id, 'loss', Math.random());
  }
})();
for (const stmt of (process.env.EXTRA ?? '').split(';').filter(Boolean)) s.exec(stmt);
if (process.env.ANALYZE) s.exec('analyze');
const queries: Record<string, string> = JSON.parse((await import('node:fs')).readFileSync(process.argv[2]!, 'utf8'));
for (const [label, q] of Object.entries(queries)) {
  const st = s.prepare(q);
  const times = [];
  let n = 0;
  for (let i = 0; i < 5; i++) { const t = performance.now(); n = st.all().length; times.push(performance.now() - t); }
  console.log(label.padEnd(20), times.map((t) => t.toFixed(1)).join(' '), n);
  if (process.env.PLAN) console.log(s.prepare('explain query plan ' + q).all().map((r: any) => '   ' + r.detail).join('\n'));
}
