// `runboard import` of a large MLflow file store, timed end to end through the real command.
// Not part of `npm test` or `npm run bench`:
//
//   node --import tsx bench/import-file-store.bench.ts                 1,000 runs, 1M metric points, 3 repetitions
//   node --import tsx bench/import-file-store.bench.ts --runs=100 --reps=1
//
// Each repetition imports into a fresh store, then imports again (which must copy nothing).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const numberArg = (name: string, fallback: number): number =>
  Number(args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const runs = numberArg('runs', 1000);
const points = numberArg('points', 1_000_000);
const reps = numberArg('reps', 3);
const METRIC_KEYS = 10;
const TARGET_SECONDS = 120;

const launcher = join(dirname(fileURLToPath(import.meta.url)), '..', 'mock-server', 'runboard.mjs');

function writeFileStore(root: string): void {
  const experimentFolder = join(root, '1');
  mkdirSync(join(root, '0'), { recursive: true });
  writeFileSync(
    join(root, '0', 'meta.yaml'),
    `artifact_location: ${pathToFileURL(join(root, '0')).href}\nexperiment_id: '0'\nlifecycle_stage: active\nname: Default\n`,
  );
  mkdirSync(experimentFolder, { recursive: true });
  writeFileSync(
    join(experimentFolder, 'meta.yaml'),
    `artifact_location: ${pathToFileURL(experimentFolder).href}\ncreation_time: 1700000000000\nexperiment_id: '1'\nlast_update_time: 1700000000000\nlifecycle_stage: active\nname: bench\n`,
  );
  const pointsPerKey = Math.floor(points / runs / METRIC_KEYS);
  for (let index = 0; index < runs; index += 1) {
    const runId = index.toString(16).padStart(32, '0');
    const folder = join(experimentFolder, runId);
    for (const sub of ['metrics', 'params', 'tags', 'artifacts']) mkdirSync(join(folder, sub), { recursive: true });
    writeFileSync(
      join(folder, 'meta.yaml'),
      `artifact_uri: ${pathToFileURL(join(folder, 'artifacts')).href}\nend_time: ${1700000100000 + index}\nentry_point_name: ''\nexperiment_id: '1'\nlifecycle_stage: active\nrun_id: '${runId}'\nrun_name: run-${index}\nrun_uuid: '${runId}'\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: ${1700000000000 + index}\nstatus: 3\ntags: []\nuser_id: bench\n`,
    );
    for (let key = 0; key < METRIC_KEYS; key += 1) {
      let text = '';
      for (let step = 0; step < pointsPerKey; step += 1) text += `${1700000000000 + step} ${Math.sin(step / 10 + key + index)} ${step}\n`;
      writeFileSync(join(folder, 'metrics', `metric_${key}`), text);
    }
    for (let param = 0; param < 5; param += 1) writeFileSync(join(folder, 'params', `param_${param}`), String(index * param));
    writeFileSync(join(folder, 'tags', 'mlflow.runName'), `run-${index}`);
    writeFileSync(join(folder, 'artifacts', 'summary.json'), JSON.stringify({ run: index }));
  }
}

function timeImport(mlruns: string, target: string): { seconds: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [
      launcher,
      'import',
      '--from',
      mlruns,
      '--backend-store-uri',
      `sqlite:///${join(target, 'runboard.db')}`,
      '--artifacts-destination',
      join(target, 'artifacts'),
      '--no-progress',
    ],
    { encoding: 'utf8' },
  );
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`import failed (${result.status}): ${result.stderr}`);
  return { seconds, stdout: result.stdout };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const work = mkdtempSync(join(os.tmpdir(), 'runboard-import-bench-'));
try {
  const mlruns = join(work, 'mlruns');
  const setupStart = performance.now();
  writeFileStore(mlruns);
  console.log(
    `File store with ${runs} runs and ${points} metric points written in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`,
  );
  const first: number[] = [];
  const repeat: number[] = [];
  for (let rep = 0; rep < reps; rep += 1) {
    const target = join(work, `target-${rep}`);
    const imported = timeImport(mlruns, target);
    if (imported.stdout.includes('MISMATCH')) throw new Error(`counts differ:\n${imported.stdout}`);
    const again = timeImport(mlruns, target);
    if (!again.stdout.includes(`0 runs copied, ${runs} already here; 0 artifact files`))
      throw new Error(`the repeated import copied something:\n${again.stdout}`);
    first.push(imported.seconds);
    repeat.push(again.seconds);
    console.log(`rep ${rep + 1}: import ${imported.seconds.toFixed(1)} s, repeated import ${again.seconds.toFixed(1)} s`);
    if (rep === 0) console.log(imported.stdout.trim());
    rmSync(target, { recursive: true, force: true });
  }
  const firstMedian = median(first);
  console.log(
    `median import ${firstMedian.toFixed(1)} s (target < ${TARGET_SECONDS} s: ${firstMedian < TARGET_SECONDS ? 'met' : 'MISSED'}), median repeated import ${median(repeat).toFixed(1)} s`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
