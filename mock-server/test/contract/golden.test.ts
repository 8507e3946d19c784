// Contract test: replays the golden MLflow 2.17.2 exchanges against our server, in-process on an
// ephemeral port, with a fresh in-memory database and artifact folder. One describe per golden
// file, one test per exchange, in order; a failed exchange still binds what it can so the rest of
// the file runs. Rules: shared/golden/README.md; logic: ./golden-replay.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createApp } from '../../app.js';
import {
  createReplayState,
  listGoldenFiles,
  loadGoldenFile,
  QUIRK_ALTERNATIVES,
  quirkKey,
  randomUniq,
  replayExchange,
  replayFile,
} from './golden-replay.js';
import { startEchoServer } from './golden-echo-server.js';
import { freshStoreUri } from '../support/test-store.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const goldenDir = process.env.RUNBOARD_GOLDEN_DIR ?? path.resolve(repoRoot, '../shared/golden/mlflow-2.17.2');

const goldenFiles = listGoldenFiles(goldenDir).map(loadGoldenFile);
if (goldenFiles.length === 0) throw new Error(`no golden files in ${goldenDir}`);

/** One per run: part of every name the files create, so reruns never collide. */
const uniq = randomUniq();
const EXCHANGE_TIMEOUT_MS = 30_000;

let app: FastifyInstance | undefined;
let baseUrl = '';
const tempDirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

beforeAll(async () => {
  const artifactsDestination = tempDir('runboard-golden-artifacts-');
  // 01_health_version_routing #19 asks for the UI index page at `/`.
  const staticDir = tempDir('runboard-golden-static-');
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Runboard</title>\n');
  app = await createApp({
    backendStoreUri: await freshStoreUri(),
    artifactsDestination,
    staticDir,
    logger: false,
  });
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('golden MLflow 2.17.2 exchanges', () => {
  for (const file of goldenFiles) {
    describe(file.name, () => {
      // Bindings belong to one file; the tests of a describe run in order and share them.
      const state = createReplayState(file, uniq);
      for (const exchange of file.exchanges) {
        const name = `${exchange.seq} ${exchange.note ?? `${exchange.request.method} ${exchange.request.path}`}`;
        it(
          name,
          async () => {
            if (baseUrl === '') throw new Error('the server did not start (see beforeAll)');
            const result = await replayExchange(baseUrl, exchange, state);
            if (!result.ok) throw new Error(`${file.name} #${exchange.seq} (uniq ${uniq})\n${result.diff ?? ''}`);
          },
          EXCHANGE_TIMEOUT_MS,
        );
      }
    });
  }
});

describe('the harness itself', () => {
  it('passes every exchange, sent as the README says, against a server that answers the recording', async () => {
    const echo = await startEchoServer(uniq);
    try {
      const failures: string[] = [];
      for (const [index, file] of goldenFiles.entries()) {
        echo.serve(file, index + 1);
        for (const result of await replayFile(echo.baseUrl, file, uniq)) {
          if (!result.ok || result.matched !== undefined) {
            failures.push(`${file.name} #${result.seq}: ${result.diff ?? result.matched ?? ''}`);
          }
        }
      }
      expect(failures).toEqual([]);
      expect(echo.problems).toEqual([]);
    } finally {
      await echo.close();
    }
  });

  it('has a quirk table covering exactly the quirk exchanges of the golden files', () => {
    const quirkKeys = goldenFiles.flatMap((file) =>
      file.exchanges
        .filter((exchange) => exchange.quirk !== undefined)
        .map((exchange) => quirkKey(file.name, exchange.seq)),
    );
    expect(quirkKeys.length).toBeGreaterThan(0);
    expect(Object.keys(QUIRK_ALTERNATIVES).sort()).toEqual([...quirkKeys].sort());
  });

  it('builds every quirk alternative from the recorded answers', () => {
    for (const file of goldenFiles) {
      for (const exchange of file.exchanges) {
        for (const alternative of QUIRK_ALTERNATIVES[quirkKey(file.name, exchange.seq)]?.alternatives ?? []) {
          if (alternative.kind === 'response') {
            expect(() => alternative.build(exchange.response, file.exchanges)).not.toThrow();
          }
        }
      }
    }
  });
});
