// Benchmark results: the figure, its target and MLflow's reference figure, printed as a table and
// written as JSON.
export type Unit = 'ms' | 'metrics/s' | 'runs/s' | 'traces/s' | 'MB';

export interface Target {
  /** `max`: the figure must not exceed the value; `min`: it must reach it. */
  kind: 'max' | 'min';
  value: number;
}

export interface BenchResult {
  id: string;
  label: string;
  unit: Unit;
  median: number;
  samples: number[];
  target?: Target;
  /**
   * The figure computed from the server process's CPU time instead of wall time (same unit): what
   * the server would reach with a core to itself and a free client. On a busy machine this is the
   * better guide to the code's own speed.
   */
  serverCpu?: number;
  /**
   * Share of the wall time the server's main thread was runnable but waiting for a CPU (run-queue
   * wait from /proc/<pid>/schedstat): how much other processes on the machine slowed this figure.
   */
  serverWaitShare?: number;
  /** The same measurement against MLflow 2.17.2 (SQLite backend), when known. */
  mlflowReference?: number;
  note?: string;
}

export function meetsTarget(result: BenchResult): boolean | undefined {
  if (!result.target || !Number.isFinite(result.median)) return undefined;
  return result.target.kind === 'max' ? result.median <= result.target.value : result.median >= result.target.value;
}

export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'ms') return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 2 : 1)} ms`;
  if (unit === 'MB') return `${value.toFixed(0)} MB`;
  return `${Math.round(value).toLocaleString('en-US')} ${unit}`;
}

export function formatShare(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function formatTarget(result: BenchResult): string {
  if (!result.target) return '—';
  return `${result.target.kind === 'max' ? '≤' : '≥'} ${formatValue(result.target.value, result.unit)}`;
}

/** How far a missed target is off, e.g. "2.3× over". */
export function missBy(result: BenchResult): string {
  if (!result.target || meetsTarget(result) !== false) return '';
  const ratio = result.target.kind === 'max' ? result.median / result.target.value : result.target.value / result.median;
  return `${ratio.toFixed(1)}× ${result.target.kind === 'max' ? 'over' : 'under'}`;
}

export function resultTable(results: readonly BenchResult[]): string {
  const rows = results.map((result) => {
    const verdict = meetsTarget(result);
    return [
      result.label,
      formatValue(result.median, result.unit),
      result.serverCpu === undefined ? '' : formatValue(result.serverCpu, result.unit),
      result.serverWaitShare === undefined ? '' : formatShare(result.serverWaitShare),
      formatTarget(result),
      verdict === undefined ? '' : verdict ? 'ok' : `MISSED (${missBy(result)})`,
      result.mlflowReference === undefined ? '' : formatValue(result.mlflowReference, result.unit),
    ];
  });
  const header = ['Benchmark', 'Median', 'Server CPU only', 'Waiting for CPU', 'Target', 'Verdict', 'MLflow 2.17.2'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]): string => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
