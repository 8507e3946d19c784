import { describe, expect, it } from 'vitest';
import { forEachInSlices, runInSlices, type SliceScheduler } from './time-slices';

/** A fake clock where each step costs `stepMs`, and a queue of "later" tasks run by hand. */
function fakeScheduler(stepMs: number) {
  let clock = 0;
  const queue: (() => void)[] = [];
  const scheduler: SliceScheduler = { now: () => clock, later: (callback) => queue.push(callback) };
  function* steps(count: number, log: number[]) {
    for (let i = 0; i < count; i += 1) {
      clock += stepMs;
      log.push(i);
      yield;
    }
  }
  const runNextTask = () => {
    const task = queue.shift();
    if (!task) throw new Error('no task queued');
    task();
  };
  return { scheduler, steps, queue, runNextTask };
}

describe('runInSlices', () => {
  it('finishes in the first slice when the work fits in the budget', () => {
    const fake = fakeScheduler(1);
    const log: number[] = [];
    let done = 0;
    const work = runInSlices(fake.steps(5, log), { budgetMs: 10, scheduler: fake.scheduler, onDone: () => (done += 1) });
    expect(work.finished).toBe(true);
    expect(done).toBe(1);
    expect(log).toEqual([0, 1, 2, 3, 4]);
    expect(fake.queue).toHaveLength(0);
  });

  it('cuts longer work into slices of about the budget, one task each', () => {
    const fake = fakeScheduler(4);
    const log: number[] = [];
    let done = 0;
    const work = runInSlices(fake.steps(10, log), { budgetMs: 10, scheduler: fake.scheduler, onDone: () => (done += 1) });
    // 4 + 4 + 4 ms: the third step crosses the budget, the slice ends after it.
    expect(log).toEqual([0, 1, 2]);
    expect(work.finished).toBe(false);
    fake.runNextTask();
    expect(log).toEqual([0, 1, 2, 3, 4, 5]);
    fake.runNextTask();
    fake.runNextTask();
    expect(log).toHaveLength(10);
    // The generator ends on the next call after its last yield, in the same slice when the budget allows.
    expect(work.finished).toBe(true);
    expect(done).toBe(1);
    expect(fake.queue).toHaveLength(0);
  });

  it('runs no further step and no onDone once cancelled', () => {
    const fake = fakeScheduler(6);
    const log: number[] = [];
    let done = 0;
    const work = runInSlices(fake.steps(10, log), { budgetMs: 10, scheduler: fake.scheduler, onDone: () => (done += 1) });
    expect(log).toEqual([0, 1]);
    work.cancel();
    fake.runNextTask();
    expect(log).toEqual([0, 1]);
    expect(work.finished).toBe(false);
    expect(done).toBe(0);
    expect(fake.queue).toHaveLength(0);
  });

  it('with deferFirst, starts in a later task', () => {
    const fake = fakeScheduler(1);
    const log: number[] = [];
    const work = runInSlices(fake.steps(3, log), { budgetMs: 10, scheduler: fake.scheduler, deferFirst: true });
    expect(log).toEqual([]);
    expect(work.finished).toBe(false);
    fake.runNextTask();
    expect(log).toEqual([0, 1, 2]);
    expect(work.finished).toBe(true);
  });

  it('always makes progress, even when a single step exceeds the budget', () => {
    const fake = fakeScheduler(30);
    const log: number[] = [];
    runInSlices(fake.steps(3, log), { budgetMs: 10, scheduler: fake.scheduler });
    expect(log).toEqual([0]);
    fake.runNextTask();
    expect(log).toEqual([0, 1]);
  });

  it('closes the iterator on cancel, so its clean-up (a canvas restore) runs', () => {
    const fake = fakeScheduler(6);
    let cleaned = 0;
    const log: number[] = [];
    function* withCleanup() {
      try {
        yield* fake.steps(10, log);
      } finally {
        cleaned += 1;
      }
    }
    const work = runInSlices(withCleanup(), { budgetMs: 10, scheduler: fake.scheduler });
    expect(cleaned).toBe(0);
    work.cancel();
    work.cancel();
    expect(cleaned).toBe(1);
  });
});

describe('forEachInSlices', () => {
  it('handles every item, pausing for a later task whenever the budget is spent', async () => {
    let clock = 0;
    const queue: (() => void)[] = [];
    const scheduler: SliceScheduler = { now: () => clock, later: (callback) => queue.push(callback) };
    const seen: number[] = [];
    const done = forEachInSlices(
      [1, 2, 3, 4, 5],
      (item) => {
        clock += 4;
        seen.push(item);
      },
      { budgetMs: 10, scheduler },
    );
    expect(seen).toEqual([1, 2, 3]);
    expect(queue).toHaveLength(1);
    queue.shift()?.();
    await done;
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('stops with the abort reason when aborted during a pause', async () => {
    let clock = 0;
    const queue: (() => void)[] = [];
    const scheduler: SliceScheduler = { now: () => clock, later: (callback) => queue.push(callback) };
    const controller = new AbortController();
    const seen: number[] = [];
    const done = forEachInSlices([1, 2, 3], (item) => ((clock += 20), seen.push(item)), {
      budgetMs: 10,
      scheduler,
      signal: controller.signal,
    });
    controller.abort(new Error('gone'));
    queue.shift()?.();
    await expect(done).rejects.toThrow('gone');
    expect(seen).toEqual([1]);
  });
});
