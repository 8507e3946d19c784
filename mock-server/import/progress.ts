// Import progress on stderr: runs and bytes done, rate and ETA. On a terminal the line is
// redrawn in place; piped, a line is written every few seconds.

export interface ProgressTotals {
  runs: number;
}

function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit] ?? 'B'}`;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const whole = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  return minutes > 0 ? `${minutes}m${String(whole % 60).padStart(2, '0')}s` : `${whole}s`;
}

export class ImportProgress {
  private runsDone = 0;
  private runsSkipped = 0;
  private bytes = 0;
  private points = 0;
  private readonly startedAt = Date.now();
  private lastDrawn = 0;
  private totalRuns = 0;

  constructor(
    private readonly out: NodeJS.WriteStream | { write: (text: string) => boolean; isTTY?: boolean } = process.stderr,
    private readonly enabled = true,
  ) {}

  start(totalRuns: number): void {
    this.totalRuns = totalRuns;
    this.draw(true);
  }

  runDone(skipped: boolean, points: number): void {
    this.runsDone += 1;
    if (skipped) this.runsSkipped += 1;
    this.points += points;
    this.draw(false);
  }

  bytesCopied(count: number): void {
    this.bytes += count;
    this.draw(false);
  }

  line(): string {
    const elapsed = (Date.now() - this.startedAt) / 1000;
    const remaining = this.totalRuns - this.runsDone;
    const rate = this.runsDone / Math.max(elapsed, 0.001);
    const eta = this.runsDone === 0 ? Infinity : remaining / rate;
    const skipped = this.runsSkipped > 0 ? ` (${this.runsSkipped} already here)` : '';
    return `runs ${this.runsDone}/${this.totalRuns}${skipped}, ${this.points} metric points, ${formatBytes(this.bytes)} of artifacts, ${formatDuration(elapsed)} elapsed, ETA ${formatDuration(eta)}`;
  }

  finish(): void {
    this.draw(true);
    if (this.enabled && this.out.isTTY) this.out.write('\n');
  }

  private draw(force: boolean): void {
    if (!this.enabled) return;
    const now = Date.now();
    const interval = this.out.isTTY ? 200 : 5000;
    if (!force && now - this.lastDrawn < interval) return;
    this.lastDrawn = now;
    this.out.write(this.out.isTTY ? `\r\x1b[2K${this.line()}` : `${this.line()}\n`);
  }
}
