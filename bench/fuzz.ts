// The long fuzz run of every route (the generator of mock-server/test/fuzz/route-fuzz.ts), in
// process with app.inject(). Prints the answers by status, every contract violation (5xx, or a 4xx
// not in MLflow's {error_code, message} shape), the slowest requests and the longest event-loop
// block. Exits 1 on any violation or when the server is not healthy afterwards.
//
//   node --import tsx bench/fuzz.ts                      20,000 requests, seed 1
//   node --import tsx bench/fuzz.ts --count=100000 --seed=42
import { monitorEventLoopDelay } from 'node:perf_hooks';
import fc from 'fast-check';
import {
  contractViolation,
  requestArbitrary,
  sendFuzzRequest,
  serverIsHealthy,
  startFuzzServer,
  type FuzzOutcome,
} from '../mock-server/test/fuzz/route-fuzz.js';

function flag(name: string, fallback: number): number {
  const raw = process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer`);
  return value;
}

const count = flag('count', 20_000);
const seed = flag('seed', 1);
const SLOWEST_SHOWN = 10;
const VIOLATIONS_SHOWN = 20;

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

async function main(): Promise<void> {
  const server = await startFuzzServer();
  const requests = fc.sample(requestArbitrary(server.endpoints, server.seed), { seed, numRuns: count });
  const statuses = new Map<number, number>();
  const violations: { outcome: FuzzOutcome; why: string }[] = [];
  const outcomes: FuzzOutcome[] = [];
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  for (const request of requests) {
    const outcome = await sendFuzzRequest(server.app, request);
    // Keep the timings, not the bodies, of all but the slowest.
    outcomes.push({ ...outcome, body: outcome.body.slice(0, 200) });
    statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
    const why = contractViolation(outcome);
    if (why) violations.push({ outcome, why });
  }
  const elapsed = performance.now() - started;
  loop.disable();
  const healthy = await serverIsHealthy(server.app, server.seed);
  await server.close();

  const durations = outcomes.map((outcome) => outcome.durationMs).sort((a, b) => a - b);
  console.log(`fuzz: ${count} requests, seed ${seed}, ${(elapsed / 1000).toFixed(1)} s (${Math.round((count / elapsed) * 1000)} req/s)`);
  console.log(
    `answers: ${[...statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status}×${n}`)
      .join('  ')}`,
  );
  console.log(
    `per request: median ${percentile(durations, 0.5).toFixed(1)} ms, p99 ${percentile(durations, 0.99).toFixed(1)} ms, max ${(durations.at(-1) ?? 0).toFixed(1)} ms; longest event-loop delay ${(loop.max / 1e6).toFixed(0)} ms`,
  );
  console.log(`slowest ${SLOWEST_SHOWN}:`);
  for (const outcome of [...outcomes].sort((a, b) => b.durationMs - a.durationMs).slice(0, SLOWEST_SHOWN)) {
    console.log(
      `  ${outcome.durationMs.toFixed(0).padStart(6)} ms  ${outcome.status}  ${outcome.request.method} ${outcome.request.url.slice(0, 120)}`,
    );
  }
  console.log(`contract violations: ${violations.length}`);
  for (const { outcome, why } of violations.slice(0, VIOLATIONS_SHOWN)) {
    console.log(`  ${outcome.request.method} ${outcome.request.url.slice(0, 160)}\n    ${why}`);
  }
  console.log(`healthy afterwards: ${healthy ? 'yes' : 'NO'}`);
  process.exitCode = violations.length > 0 || !healthy ? 1 : 0;
}

await main();
