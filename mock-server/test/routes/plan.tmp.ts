import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
const s = new BetterSqlite3(':memory:');
const db = new Kysely<any>({ dialect: new SqliteDialect({ database: s }) });
const { migrations } = await import('../../store/migrations.js');
await migrations['0001_initial']!.up(db);
for (const m of Object.keys(migrations).slice(1)) await migrations[m]!.up(db);
const q = process.argv[2]!;
console.log(s.prepare('explain query plan ' + q).all().map((r: any) => `${r.id} ${r.parent} ${r.detail}`).join('\n'));
