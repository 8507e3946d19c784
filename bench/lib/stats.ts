// Timing helpers: medians over repetitions, after warm-up runs.
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

let serverCpuMillis: () => number | undefined = () => undefined;

/** Where to read the server's CPU time (user + system, ms) from; see `ServerProcess.cpuMillis`. */
export function setServerCpuClock(clock: () => number | undefined): void {
  serverCpuMillis = clock;
}

export interface Timing {
  /** Wall-clock milliseconds. */
  wall: number;
  /** Milliseconds of CPU the server process used meanwhile (10 ms resolution), when known. */
  serverCpu?: number;
}

/** Wall-clock and server CPU milliseconds of `task`. */
export async function timeIt(task: () => Promise<unknown>): Promise<Timing> {
  const cpuBefore = serverCpuMillis();
  const started = performance.now();
  await task();
  const wall = performance.now() - started;
  const cpuAfter = serverCpuMillis();
  return cpuBefore === undefined || cpuAfter === undefined ? { wall } : { wall, serverCpu: cpuAfter - cpuBefore };
}

export interface Samples {
  /** Wall-clock milliseconds of each repetition. */
  wall: number[];
  /** Mean server CPU milliseconds per repetition, when known. */
  serverCpuPerRun?: number;
}

/** Times each of `repetitions` runs of `task`, after `warmups` unmeasured runs. */
export async function sampleMillis(task: () => Promise<unknown>, repetitions: number, warmups = 1): Promise<Samples> {
  for (let i = 0; i < warmups; i += 1) await task();
  // Server CPU is read around the whole series: /proc counts in 10 ms ticks.
  const cpuBefore = serverCpuMillis();
  const wall: number[] = [];
  for (let i = 0; i < repetitions; i += 1) wall.push((await timeIt(task)).wall);
  const cpuAfter = serverCpuMillis();
  return cpuBefore === undefined || cpuAfter === undefined ? { wall } : { wall, serverCpuPerRun: (cpuAfter - cpuBefore) / repetitions };
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
