// Slows down password guessing: after MAX_FAILURES wrong passwords for one user from one address
// within WINDOW_MS, that pair is refused (429) until the oldest of those failures ages out.
// Kept in memory: each server process counts on its own, and a restart forgets.

const MAX_FAILURES = 5;
const WINDOW_MS = 5 * 60 * 1000;
// Bounds memory under a flood of made-up user names.
const MAX_TRACKED_KEYS = 10_000;

export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = MAX_FAILURES,
    private readonly windowMs = WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `key` may try again; 0 when it may now. */
  retryAfterSeconds(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.maxFailures) return 0;
    const oldest = recent[recent.length - this.maxFailures] ?? this.now();
    return Math.max(1, Math.ceil((oldest + this.windowMs - this.now()) / 1000));
  }

  recordFailure(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.failures.delete(key);
    this.failures.set(key, recent.slice(-this.maxFailures));
    if (this.failures.size > MAX_TRACKED_KEYS) {
      const oldestKey = this.failures.keys().next();
      if (!oldestKey.done) this.failures.delete(oldestKey.value);
    }
  }

  recordSuccess(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((time) => time > cutoff);
  }
}
