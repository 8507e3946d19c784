// Long main-thread work cut into slices of a few milliseconds, so that input, painting and other
// charts' work get the thread in between (a task over 50 ms is a "long task" that delays input).
// The work is an iterator whose every step is small (one line of a chart, say); a slice runs steps
// until its time budget is spent, then the rest continues in a later task.

/**
 * The app's slice budget (ms): well under a 50 ms long task with the surrounding React work, and
 * large enough that a chart's draw takes one or two slices: with 8 ms slices, each pause let the
 * browser paint a frame of a half-drawn canvas, and toggling smoothing on a 100-run view took
 * 150 ms instead of 60 ms on a busy machine.
 */
export const SLICE_BUDGET_MS = 20;

export interface SliceScheduler {
  now: () => number;
  /** Runs `callback` in a later task, after the browser had a chance to handle input and paint. */
  later: (callback: () => void) => void;
}

export interface SlicedWork {
  /** True once every step ran (immediately, when the work fit in the first slice). */
  readonly finished: boolean;
  /** Stops the work before its next step (a newer draw replaces it); the iterator's `finally` blocks run. */
  cancel: () => void;
}

interface PostTaskScheduler {
  postTask: (callback: () => void, options?: { priority?: 'user-blocking' | 'user-visible' | 'background' }) => Promise<unknown>;
}

function laterInBrowser(callback: () => void): void {
  const scheduler = (globalThis as { scheduler?: Partial<PostTaskScheduler> }).scheduler;
  if (typeof scheduler?.postTask === 'function') {
    void scheduler.postTask(callback, { priority: 'user-visible' });
    return;
  }
  // A message event is a new task without setTimeout's 4 ms clamp after nested calls.
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    callback();
  };
  channel.port2.postMessage(null);
}

export const browserSliceScheduler: SliceScheduler = { now: () => performance.now(), later: laterInBrowser };

/**
 * Runs `steps` in slices of at most about `budgetMs` (a step that starts inside the budget runs to
 * its end): the first slice right away (or in a later task too, with `deferFirst`), the others in
 * later tasks. `onDone` runs after the last
 * step, in the same slice, unless the work was cancelled.
 */
export function runInSlices(
  steps: Iterator<unknown>,
  options: { budgetMs: number; onDone?: () => void; scheduler?: SliceScheduler; deferFirst?: boolean },
): SlicedWork {
  const scheduler = options.scheduler ?? browserSliceScheduler;
  let cancelled = false;
  let finished = false;
  const slice = () => {
    if (cancelled) return;
    const start = scheduler.now();
    for (;;) {
      if (steps.next().done) {
        finished = true;
        options.onDone?.();
        return;
      }
      if (cancelled) return;
      if (scheduler.now() - start >= options.budgetMs) break;
    }
    scheduler.later(slice);
  };
  if (options.deferFirst) scheduler.later(slice);
  else slice();
  return {
    get finished() {
      return finished;
    },
    cancel: () => {
      if (cancelled || finished) return;
      cancelled = true;
      steps.return?.();
    },
  };
}

/**
 * The async form, for work inside a promise chain (a query function): calls `each` on every item,
 * giving the thread back whenever a slice has used `budgetMs`. Resolves when all are done.
 */
export async function forEachInSlices<T>(
  items: Iterable<T>,
  each: (item: T) => void,
  options: { budgetMs: number; signal?: AbortSignal; scheduler?: SliceScheduler },
): Promise<void> {
  const scheduler = options.scheduler ?? browserSliceScheduler;
  let start = scheduler.now();
  for (const item of items) {
    if (scheduler.now() - start >= options.budgetMs) {
      await new Promise<void>((resolve) => scheduler.later(resolve));
      options.signal?.throwIfAborted();
      start = scheduler.now();
    }
    each(item);
  }
}
