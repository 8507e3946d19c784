// The `runboard import` / `runboard export` commands as a user runs them (a child process).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTarget, type ImportTargetDir } from './import-helpers.js';
import { writeExperiment, writeRun } from './mlruns-writer.js';

const launcher = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'runboard.mjs');
const RUN = 'cccc0000000000000000000000000003';

let mlruns: string;
let target: ImportTargetDir;

function runboard(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [launcher, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeEach(async () => {
  mlruns = mkdtempSync(path.join(os.tmpdir(), 'runboard-cli-mlruns-'));
  writeExperiment(mlruns, '0', 'Default');
  const folder = writeExperiment(mlruns, '1', 'cli-exp');
  writeRun(folder, '1', {
    runId: RUN,
    name: 'cli-run',
    user: 'gus',
    status: 3,
    startTime: 1720000000000,
    endTime: 1720000001000,
    params: { a: '1' },
    tags: { 'mlflow.runName': 'cli-run' },
    metrics: { m: [[1720000000500, 2, 0]] },
    artifacts: { 'out.txt': 'hello' },
  });
  target = await makeTarget('runboard-cli-import-');
});

afterEach(() => {
  rmSync(mlruns, { recursive: true, force: true });
  target.cleanup();
});

describe('runboard import (command line)', () => {
  it('imports a file store, prints matching counts, and copies nothing the second time', { timeout: 120_000 }, () => {
    const args = ['import', '--from', mlruns, '--backend-store-uri', target.storeUri, '--artifacts-destination', target.artifactsDir];
    const first = runboard(...args);
    expect(first.stderr).toContain(`Importing from MLflow file store ${mlruns}`);
    expect(first.stderr).toMatch(/runs 1\/1, 1 metric points, 5 B of artifacts/);
    expect(first.stdout).toMatch(/^runs\s+1\s+1$/m);
    expect(first.stdout).toMatch(/^artifact bytes\s+5\s+5$/m);
    expect(first.stdout).not.toContain('MISMATCH');
    expect(first.stdout).toContain('1 runs copied, 0 already here; 1 artifact files (5 bytes) copied.');
    expect(first.status).toBe(0);
    const second = runboard(...args, '--no-progress');
    expect(second.stdout).toContain('0 runs copied, 1 already here; 0 artifact files (0 bytes) copied.');
    expect(second.stderr).not.toContain('runs 1/1');
    expect(second.status).toBe(0);
  });

  it('explains a malformed mlruns folder and an unknown source, with a failing exit code', { timeout: 120_000 }, () => {
    writeFileSync(path.join(mlruns, '1', 'meta.yaml'), 'name: [cli-exp\n');
    const malformed = runboard(
      'import',
      '--from',
      mlruns,
      '--backend-store-uri',
      target.storeUri,
      '--artifacts-destination',
      target.artifactsDir,
    );
    expect(malformed.stderr).toContain(`runboard import: ${path.join(mlruns, '1', 'meta.yaml')} is not valid YAML`);
    expect(malformed.status).toBe(1);
    const unknown = runboard('import', '--from', 's3://bucket/mlruns', '--backend-store-uri', target.storeUri);
    expect(unknown.stderr).toContain("Cannot import from 's3://bucket/mlruns'");
    expect(unknown.status).toBe(2);
    const badTarget = runboard('export', '--to', 'mlflow.example:5000', '--backend-store-uri', target.storeUri);
    expect(badTarget.stderr).toContain('--to must be an http(s) URL');
    expect(badTarget.status).toBe(2);
  });
});
