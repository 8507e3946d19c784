// Fuzzes every route with a fixed seed: no 5xx, every 4xx in MLflow's {error_code, message} shape,
// and the server still healthy afterwards. bench/fuzz.ts runs the same generator longer.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractViolation, requestArbitrary, sendFuzzRequest, serverIsHealthy, startFuzzServer, type FuzzServer } from './route-fuzz.js';

const SEED = 20261207;
const RUNS = 3000;

let server: FuzzServer;

beforeAll(async () => {
  server = await startFuzzServer();
});

afterAll(async () => {
  await server.close();
});

describe('route fuzzing', () => {
  it(`answers ${RUNS} generated requests over every route without a 5xx, in MLflow's error shape`, async () => {
    const statuses = new Map<number, number>();
    const routesHit = new Set<string>();
    await fc.assert(
      fc.asyncProperty(requestArbitrary(server.endpoints, server.seed), async (request) => {
        const outcome = await sendFuzzRequest(server.app, request);
        statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
        routesHit.add(`${request.method} ${request.url.split('?')[0]?.split('/').slice(0, 5).join('/') ?? ''}`);
        expect(contractViolation(outcome), `${request.method} ${request.url.slice(0, 200)}`).toBeUndefined();
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // The generator reached both successes and refusals, not only one kind of answer.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(100);
    expect(await serverIsHealthy(server.app, server.seed)).toBe(true);
  }, 120_000);
});
