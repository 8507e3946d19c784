// Shared setup of the import tests: a fresh Runboard store + artifact folder to import into, and
// an in-process server over that store to read the result the way a client would.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalArtifactStore } from '../../artifacts/local-artifact-store.js';
import { createApp, type FastifyInstance } from '../../app.js';
import { ImportCopier, type ImportResult } from '../../import/copier.js';
import type { ImportSource } from '../../import/source-model.js';
import { ensureDefaultExperiment } from '../../services/experiments.js';
import { openStore } from '../../store/database.js';
import { createPostgresDatabase, testBackend } from '../support/test-store.js';

export interface ImportTargetDir {
  dir: string;
  storeUri: string;
  artifactsDir: string;
  cleanup: () => void;
}

/** A store to import into: a SQLite file in a new temp folder, or a new PostgreSQL database when the tests run on PostgreSQL. */
export async function makeTarget(prefix: string): Promise<ImportTargetDir> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    storeUri: testBackend() === 'postgres' ? await createPostgresDatabase() : `sqlite:///${path.join(dir, 'runboard.db')}`,
    artifactsDir: path.join(dir, 'artifacts'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function importInto(target: ImportTargetDir, source: ImportSource): Promise<ImportResult> {
  const store = await openStore(target.storeUri);
  try {
    const context = { db: store.db, artifacts: new LocalArtifactStore(target.artifactsDir) };
    await ensureDefaultExperiment(context);
    return await new ImportCopier(source, context).run();
  } finally {
    await source.close?.();
    await store.close();
  }
}

export type Json = Record<string, unknown>;

export interface Client {
  app: FastifyInstance;
  get: (url: string) => Promise<Json>;
  post: (url: string, body: unknown) => Promise<Json>;
  text: (url: string) => Promise<string>;
}

export async function readerFor(target: ImportTargetDir): Promise<Client> {
  const app = await createApp({ backendStoreUri: target.storeUri, artifactsDestination: target.artifactsDir });
  return {
    app,
    get: async (url) => (await app.inject({ method: 'GET', url })).json<Json>(),
    post: async (url, body) => (await app.inject({ method: 'POST', url, payload: body as object })).json<Json>(),
    text: async (url) => (await app.inject({ method: 'GET', url })).body,
  };
}

export function tagMap(tags: unknown): Record<string, string> {
  return Object.fromEntries(((tags ?? []) as { key: string; value: string }[]).map((tag) => [tag.key, tag.value]));
}

export function summaryMismatches(result: ImportResult): string[] {
  return result.summary.filter((row) => row.source !== row.target).map((row) => `${row.what}: ${row.source} vs ${row.target}`);
}
