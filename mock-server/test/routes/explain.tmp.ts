import { openStore } from '../../store/database.js';
import { searchRuns } from '../../services/search-runs.js';
const store = await openStore(process.env.URI!);
const db = store.db;
const seen: string[] = [];
const { Kysely } = await import('kysely');
// wrap executor by monkeypatching executeQuery of the db's executor
const exec = db.getExecutor() as any;
const orig = exec.executeQuery.bind(exec);
exec.executeQuery = async (q: any, id: any) => { const t0 = performance.now(); const r = await orig(q, id); seen.push(`[${(performance.now() - t0).toFixed(2)}ms] ` + q.sql.slice(0, 160)); return r; };
const body = JSON.parse(process.argv[2]!);
for (let i = 0; i < 20; i++) { seen.length = 0; await searchRuns(db, { experimentIds: body.experiment_ids, filter: body.filter, orderBy: body.order_by ?? [], maxResults: body.max_results ?? 1000, runViewType: 'ACTIVE_ONLY', pageToken: body.page_token }); }
seen.length = 0;
const t = performance.now();
const res = await searchRuns(db, { experimentIds: body.experiment_ids, filter: body.filter, orderBy: body.order_by ?? [], maxResults: body.max_results ?? 1000, runViewType: 'ACTIVE_ONLY', pageToken: body.page_token });
console.log('ms', (performance.now() - t).toFixed(1), 'runs', res.runs?.length, res.next_page_token);
const sqlite = (await import('better-sqlite3')).default;
const raw = new sqlite(process.env.URI!.replace('sqlite:///', ''), { readonly: true });
for (const q of seen) {
  console.log(q);
}
const main = seen.find((q) => q.includes('order by'));
if (main && process.env.PLAN) {
  const m = main.split('\n  -- ');
  console.log(raw.prepare('explain query plan ' + m[0]).all(...JSON.parse(m[1]!.length >= 199 ? '[]' : m[1]!)).map((r: any) => '   ' + r.detail).join('\n'));
}
await store.close();
