// Loads a large number of runs straight into the server's database (the SQLite file or a
// PostgreSQL database), for the 1M-run scenario: through HTTP (runs/create + log-batch) the bench
// loads 100-400 runs/s, so a million runs would take hours. Rows are cloned from one run made over
// REST (same artifact URI shape, same tags the server writes), so the server reads them like its
// own. The data matches loadSearchRuns(): tags team + mlflow.user, params model / max_depth /
// n_estimators, metrics acc / auc / loss.
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import type { MlflowClient } from '../lib/client.js';
import { seededRandom, timeIt } from '../lib/stats.js';
import type { LoadedRuns } from './search.js';

const MODELS = ['rf', 'xgboost', 'logreg'];
const TEAMS = ['a', 'b', 'c'];
const RUNS_PER_TRANSACTION = 5000;

interface RunTemplate {
  experiment_id: number;
  user_id: string;
  artifact_uri: string;
  run_uuid: string;
}

/** One chunk of generated rows, column by column. */
interface Chunk {
  runs: { runId: string[]; name: string[]; startTime: number[]; artifactUri: string[] };
  keyed: { params: KeyedRows; tags: KeyedRows };
  metrics: { runId: string[]; key: string[]; value: number[]; timestamp: number[] };
}
interface KeyedRows {
  runId: string[];
  key: string[];
  value: string[];
}

/** Where the chunks go: the SQLite file or a PostgreSQL database. */
interface RowSink {
  template(runId: string): Promise<RunTemplate>;
  write(template: RunTemplate, chunk: Chunk): Promise<void>;
  close(): Promise<void>;
}

function generateChunk(template: RunTemplate, random: () => number, now: number, first: number, last: number): Chunk {
  const chunk: Chunk = {
    runs: { runId: [], name: [], startTime: [], artifactUri: [] },
    keyed: { params: { runId: [], key: [], value: [] }, tags: { runId: [], key: [], value: [] } },
    metrics: { runId: [], key: [], value: [], timestamp: [] },
  };
  const artifactRoot = template.artifact_uri.slice(0, template.artifact_uri.lastIndexOf(template.run_uuid));
  const keyed = (rows: KeyedRows, runId: string, key: string, value: string) => {
    rows.runId.push(runId);
    rows.key.push(key);
    rows.value.push(value);
  };
  for (let index = first; index < last; index += 1) {
    const runId = randomUUID().replaceAll('-', '');
    const runName = `run-${index}`;
    chunk.runs.runId.push(runId);
    chunk.runs.name.push(runName);
    chunk.runs.startTime.push(now - index * 1000);
    chunk.runs.artifactUri.push(`${artifactRoot}${runId}/artifacts`);
    keyed(chunk.keyed.tags, runId, 'mlflow.runName', runName);
    keyed(chunk.keyed.tags, runId, 'team', TEAMS[Math.floor(random() * TEAMS.length)] ?? 'a');
    keyed(chunk.keyed.tags, runId, 'mlflow.user', `user${index % 7}`);
    keyed(chunk.keyed.params, runId, 'model', MODELS[Math.floor(random() * MODELS.length)] ?? 'rf');
    keyed(chunk.keyed.params, runId, 'max_depth', String(2 + Math.floor(random() * 10)));
    keyed(chunk.keyed.params, runId, 'n_estimators', String(50 * (1 + Math.floor(random() * 10))));
    for (const [key, value] of [
      ['acc', random()],
      ['auc', 0.5 + random() / 2],
      ['loss', random() * 2],
    ] as const) {
      chunk.metrics.runId.push(runId);
      chunk.metrics.key.push(key);
      chunk.metrics.value.push(value);
      chunk.metrics.timestamp.push(now + index);
    }
  }
  return chunk;
}

function sqliteSink(dbPath: string): RowSink {
  const sqlite = new BetterSqlite3(dbPath);
  sqlite.pragma('busy_timeout = 10000');
  const insertRun = sqlite.prepare(
    `INSERT INTO runs (run_uuid, name, experiment_id, user_id, status, start_time, end_time, deleted_time, lifecycle_stage, artifact_uri)
     VALUES (?, ?, ?, ?, 'FINISHED', ?, ?, NULL, 'active', ?)`,
  );
  const insertKeyed = {
    tags: sqlite.prepare('INSERT INTO tags (run_uuid, key, value) VALUES (?, ?, ?)'),
    params: sqlite.prepare('INSERT INTO params (run_uuid, key, value) VALUES (?, ?, ?)'),
  };
  const insertLatest = sqlite.prepare(
    'INSERT INTO latest_metrics (run_uuid, key, value, is_nan, timestamp, step) VALUES (?, ?, ?, 0, ?, 0)',
  );
  const insertPoint = sqlite.prepare('INSERT INTO metrics (run_uuid, key, value, is_nan, timestamp, step) VALUES (?, ?, ?, 0, ?, 0)');
  const writeChunk = sqlite.transaction((template: RunTemplate, { runs, keyed, metrics }: Chunk) => {
    runs.runId.forEach((runId, i) =>
      insertRun.run(
        runId,
        runs.name[i],
        template.experiment_id,
        template.user_id,
        runs.startTime[i],
        (runs.startTime[i] ?? 0) + 500,
        runs.artifactUri[i],
      ),
    );
    for (const table of ['tags', 'params'] as const) {
      const rows = keyed[table];
      rows.runId.forEach((runId, i) => insertKeyed[table].run(runId, rows.key[i], rows.value[i]));
    }
    metrics.runId.forEach((runId, i) => {
      insertLatest.run(runId, metrics.key[i], metrics.value[i], metrics.timestamp[i]);
      insertPoint.run(runId, metrics.key[i], metrics.value[i], metrics.timestamp[i]);
    });
  });
  return {
    template(runId) {
      const template = sqlite.prepare('SELECT * FROM runs WHERE run_uuid = ?').get(runId) as RunTemplate;
      sqlite.prepare('DELETE FROM tags WHERE run_uuid = ?').run(runId);
      sqlite.prepare('DELETE FROM runs WHERE run_uuid = ?').run(runId);
      return Promise.resolve(template);
    },
    write(template, chunk) {
      writeChunk(template, chunk);
      return Promise.resolve();
    },
    close() {
      sqlite.close();
      return Promise.resolve();
    },
  };
}

/** PostgreSQL: one multi-row INSERT … SELECT FROM unnest(arrays) per table and chunk. */
function postgresSink(uri: string): RowSink {
  const client = new pg.Client({ connectionString: uri.replace(/^postgresql\+\w+:/, 'postgresql:') });
  const connected = client.connect();
  return {
    async template(runId) {
      await connected;
      const { rows } = await client.query<RunTemplate>('SELECT * FROM runs WHERE run_uuid = $1', [runId]);
      await client.query('DELETE FROM tags WHERE run_uuid = $1', [runId]);
      await client.query('DELETE FROM runs WHERE run_uuid = $1', [runId]);
      const template = rows[0];
      if (!template) throw new Error(`template run ${runId} not found in PostgreSQL`);
      return template;
    },
    async write(template, { runs, keyed, metrics }) {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO runs (run_uuid, name, experiment_id, user_id, status, start_time, end_time, deleted_time, lifecycle_stage, artifact_uri)
         SELECT id, name, $5, $6, 'FINISHED', start_time, start_time + 500, NULL, 'active', uri
         FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) AS t(id, name, start_time, uri)`,
        [runs.runId, runs.name, runs.startTime, runs.artifactUri, template.experiment_id, template.user_id],
      );
      for (const table of ['tags', 'params'] as const) {
        const rows = keyed[table];
        await client.query(`INSERT INTO ${table} (run_uuid, key, value) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`, [
          rows.runId,
          rows.key,
          rows.value,
        ]);
      }
      for (const table of ['latest_metrics', 'metrics']) {
        await client.query(
          `INSERT INTO ${table} (run_uuid, key, value, is_nan, timestamp, step)
           SELECT id, key, value, 0, ts, 0 FROM unnest($1::text[], $2::text[], $3::float8[], $4::bigint[]) AS t(id, key, value, ts)`,
          [metrics.runId, metrics.key, metrics.value, metrics.timestamp],
        );
      }
      await client.query('COMMIT');
    },
    async close() {
      // Fresh statistics, as autovacuum would gather them soon after a load this size.
      await client.query('ANALYZE');
      await client.end();
    },
  };
}

/** `store` is the SQLite file's path or a postgresql:// URI. */
export async function bulkLoadRuns(
  client: MlflowClient,
  store: string,
  count: number,
  seed: number,
  onProgress?: (done: number) => void,
): Promise<LoadedRuns> {
  const experimentId = await client.createExperiment(`bench-search-bulk-${count}-${Date.now()}`);
  const templateId = await client.createRun(experimentId, 'template');
  const sink = /^postgres(ql)?(\+\w+)?:/.test(store) ? postgresSink(store) : sqliteSink(store);
  const random = seededRandom(seed);
  const now = Date.now();
  try {
    const template = await sink.template(templateId);
    const timing = await timeIt(async () => {
      for (let first = 0; first < count; first += RUNS_PER_TRANSACTION) {
        await sink.write(template, generateChunk(template, random, now, first, Math.min(count, first + RUNS_PER_TRANSACTION)));
        if (onProgress && (first + RUNS_PER_TRANSACTION) % 100_000 === 0) onProgress(first + RUNS_PER_TRANSACTION);
        // Let the server breathe between transactions (it shares the database).
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    return { experimentId, count, runsPerSecond: count / (timing.wall / 1000) };
  } finally {
    await sink.close();
  }
}
