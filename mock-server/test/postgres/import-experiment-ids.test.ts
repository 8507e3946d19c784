// `runboard import` keeps the source's experiment ids; on PostgreSQL that must not leave the
// identity sequence behind, or the next experiments/create would be handed a taken id.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { FileStoreSource } from '../../import/file-store-source.js';
import { importInto } from '../import/import-helpers.js';
import { writeExperiment } from '../import/mlruns-writer.js';
import { createPostgresDatabase } from '../support/test-store.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'runboard-import-ids-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('creates new experiments after imported ones without an id clash', async () => {
  const mlruns = path.join(dir, 'mlruns');
  writeExperiment(mlruns, '3', 'imported-three');
  writeExperiment(mlruns, '12', 'imported-twelve');
  const target = { dir, storeUri: await createPostgresDatabase(), artifactsDir: path.join(dir, 'artifacts'), cleanup: () => undefined };
  await importInto(target, new FileStoreSource(mlruns));

  const app = await createApp({ backendStoreUri: target.storeUri, artifactsDestination: target.artifactsDir });
  try {
    const created = await app.inject({ method: 'POST', url: '/api/2.0/mlflow/experiments/create', payload: { name: 'made-here' } });
    expect(created.statusCode).toBe(200);
    expect(Number(created.json<{ experiment_id: string }>().experiment_id)).toBeGreaterThan(12);
    const imported = await app.inject({ method: 'GET', url: '/api/2.0/mlflow/experiments/get?experiment_id=12' });
    expect(imported.json<{ experiment: { name: string } }>().experiment.name).toBe('imported-twelve');
  } finally {
    await app.close();
  }
});
