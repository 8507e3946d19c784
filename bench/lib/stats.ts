// Timing helpers: medians over repetitions, after warm-up runs.
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** Wall-clock milliseconds of `task`. */
export async function timeIt(task: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await task();
  return performance.now() - started;
}

/** Milliseconds of each of `repetitions` runs of `task`, after `warmups` unmeasured runs. */
export async function sampleMillis(task: () => Promise<unknown>, repetitions: number, warmups = 1): Promise<number[]> {
  for (let i = 0; i < warmups; i += 1) await task();
  const samples: number[] = [];
  for (let i = 0; i < repetitions; i += 1) samples.push(await timeIt(task));
  return samples;
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
