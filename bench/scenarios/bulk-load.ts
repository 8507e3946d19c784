// Loads a large number of runs straight into the server's SQLite file, for the 1M-run scenario:
// through HTTP (runs/create + log-batch) the bench loads ~400 runs/s, so a million runs would take
// 40+ minutes. Rows are cloned from one run made over REST (same artifact URI shape, same tags
// the server writes), so the server reads them like its own. The data matches loadSearchRuns():
// tags team + mlflow.user, params model / max_depth / n_estimators, metrics acc / auc / loss.
import BetterSqlite3 from 'better-sqlite3';
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
  status: string;
  lifecycle_stage: string;
  artifact_uri: string;
  run_uuid: string;
}

export async function bulkLoadRuns(
  client: MlflowClient,
  dbPath: string,
  count: number,
  seed: number,
  onProgress?: (done: number) => void,
): Promise<LoadedRuns> {
  const experimentId = await client.createExperiment(`bench-search-bulk-${count}-${Date.now()}`);
  const templateId = await client.createRun(experimentId, 'template');
  const sqlite = new BetterSqlite3(dbPath);
  sqlite.pragma('busy_timeout = 10000');
  const template = sqlite.prepare('SELECT * FROM runs WHERE run_uuid = ?').get(templateId) as RunTemplate;
  sqlite.prepare('DELETE FROM tags WHERE run_uuid = ?').run(templateId);
  sqlite.prepare('DELETE FROM runs WHERE run_uuid = ?').run(templateId);
  const insertRun = sqlite.prepare(
    `INSERT INTO runs (run_uuid, name, experiment_id, user_id, status, start_time, end_time, deleted_time, lifecycle_stage, artifact_uri)
     VALUES (?, ?, ?, ?, 'FINISHED', ?, ?, NULL, 'active', ?)`,
  );
  const insertTag = sqlite.prepare('INSERT INTO tags (run_uuid, key, value) VALUES (?, ?, ?)');
  const insertParam = sqlite.prepare('INSERT INTO params (run_uuid, key, value) VALUES (?, ?, ?)');
  const insertLatest = sqlite.prepare(
    'INSERT INTO latest_metrics (run_uuid, key, value, is_nan, timestamp, step) VALUES (?, ?, ?, 0, ?, 0)',
  );
  const insertPoint = sqlite.prepare('INSERT INTO metrics (run_uuid, key, value, is_nan, timestamp, step) VALUES (?, ?, ?, 0, ?, 0)');
  const random = seededRandom(seed);
  const now = Date.now();
  const artifactRoot = template.artifact_uri.slice(0, template.artifact_uri.lastIndexOf(template.run_uuid));
  const loadSome = sqlite.transaction((first: number, last: number) => {
    for (let index = first; index < last; index += 1) {
      const runId = randomUUID().replaceAll('-', '');
      const startTime = now - index * 1000;
      const runName = `run-${index}`;
      insertRun.run(
        runId,
        runName,
        template.experiment_id,
        template.user_id,
        startTime,
        startTime + 500,
        `${artifactRoot}${runId}/artifacts`,
      );
      insertTag.run(runId, 'mlflow.runName', runName);
      insertTag.run(runId, 'team', TEAMS[Math.floor(random() * TEAMS.length)] ?? 'a');
      insertTag.run(runId, 'mlflow.user', `user${index % 7}`);
      insertParam.run(runId, 'model', MODELS[Math.floor(random() * MODELS.length)] ?? 'rf');
      insertParam.run(runId, 'max_depth', String(2 + Math.floor(random() * 10)));
      insertParam.run(runId, 'n_estimators', String(50 * (1 + Math.floor(random() * 10))));
      const timestamp = now + index;
      for (const [key, value] of [
        ['acc', random()],
        ['auc', 0.5 + random() / 2],
        ['loss', random() * 2],
      ] as const) {
        insertLatest.run(runId, key, value, timestamp);
        insertPoint.run(runId, key, value, timestamp);
      }
    }
  });
  try {
    const timing = await timeIt(async () => {
      for (let first = 0; first < count; first += RUNS_PER_TRANSACTION) {
        loadSome(first, Math.min(count, first + RUNS_PER_TRANSACTION));
        if (onProgress && (first + RUNS_PER_TRANSACTION) % 100_000 === 0) onProgress(first + RUNS_PER_TRANSACTION);
        // Let the server breathe between transactions (it shares the file).
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    return { experimentId, count, runsPerSecond: count / (timing.wall / 1000) };
  } finally {
    sqlite.close();
  }
}
