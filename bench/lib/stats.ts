// Timing helpers: medians over repetitions, after warm-up runs.
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

export interface ServerClockReading {
  /** CPU time (user + system) the server process used so far, ms. */
  cpu: number;
  /** Time the server's main thread spent runnable but waiting for a CPU so far, ms. */
  runQueueWait?: number;
}

let readServerClock: () => ServerClockReading | undefined = () => undefined;

/** Where to read the server's CPU and wait times from; see `ServerProcess.clock`. */
export function setServerClock(clock: () => ServerClockReading | undefined): void {
  readServerClock = clock;
}

export interface Timing {
  /** Wall-clock milliseconds. */
  wall: number;
  /** Milliseconds of CPU the server process used meanwhile (10 ms resolution), when known. */
  serverCpu?: number;
  /** Milliseconds the server's main thread waited for a CPU meanwhile, when known. */
  serverWait?: number;
}

function since(before: ServerClockReading | undefined, after: ServerClockReading | undefined): Omit<Timing, 'wall'> {
  if (!before || !after) return {};
  const wait = before.runQueueWait !== undefined && after.runQueueWait !== undefined ? after.runQueueWait - before.runQueueWait : undefined;
  return { serverCpu: after.cpu - before.cpu, ...(wait === undefined ? {} : { serverWait: wait }) };
}

/** Wall-clock and server CPU milliseconds of `task`. */
export async function timeIt(task: () => Promise<unknown>): Promise<Timing> {
  const before = readServerClock();
  const started = performance.now();
  await task();
  const wall = performance.now() - started;
  return { wall, ...since(before, readServerClock()) };
}

export interface Samples {
  /** Wall-clock milliseconds of each repetition. */
  wall: number[];
  /** Mean server CPU milliseconds per repetition, when known. */
  serverCpuPerRun?: number;
  /** Share of the wall time the server's main thread spent waiting for a CPU, when known. */
  serverWaitShare?: number;
}

let backgroundWorkLeft: (() => boolean) | undefined;

/** How to tell whether the server still has background work (SQLite: stale summary markers left). */
export function setBackgroundWorkProbe(probe: () => boolean): void {
  backgroundWorkLeft = probe;
}

/**
 * Waits (at most `timeoutMs`) until the server has no background work left: after a load it
 * summarizes the new metric series, which would count in the next figures. Without a probe: until
 * its CPU time stops growing (on a busy machine that can also mean it had no CPU).
 */
export async function waitForServerIdle(timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const probe = backgroundWorkLeft;
  if (probe) {
    while (probe() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
    return;
  }
  const first = readServerClock()?.cpu;
  if (first === undefined) return;
  let before: number = first;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now: number = readServerClock()?.cpu ?? before;
    if (now - before <= 20) return;
    before = now;
  }
}

/** Times each of `repetitions` runs of `task`, after `warmups` unmeasured runs. */
export async function sampleMillis(task: () => Promise<unknown>, repetitions: number, warmups = 1): Promise<Samples> {
  for (let i = 0; i < warmups; i += 1) await task();
  // The server clock is read around the whole series: /proc counts CPU time in 10 ms ticks.
  const before = readServerClock();
  const wall: number[] = [];
  for (let i = 0; i < repetitions; i += 1) wall.push((await timeIt(task)).wall);
  const { serverCpu, serverWait } = since(before, readServerClock());
  const totalWall = wall.reduce((sum, value) => sum + value, 0);
  return {
    wall,
    ...(serverCpu === undefined ? {} : { serverCpuPerRun: serverCpu / repetitions }),
    ...(serverWait === undefined ? {} : { serverWaitShare: serverWait / totalWall }),
  };
}

/** A deterministic PRNG (mulberry32), so every benchmark run loads the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
