// Which metrics to show beside model versions, and whether a change in one is an improvement.

// Names people usually mean by "how good is the model", most telling first.
const WELL_KNOWN = [
  'accuracy',
  'acc',
  'val_accuracy',
  'test_accuracy',
  'f1',
  'f1_score',
  'auc',
  'roc_auc',
  'precision',
  'recall',
  'r2',
  'r2_score',
  'rmse',
  'mae',
  'mse',
  'val_loss',
  'test_loss',
  'loss',
];

const LOWER_IS_BETTER = /(loss|error|err$|^err|rmse|mse|mae|mape|perplexity|latency|duration|time|wer|cer|brier|logloss|distance|_cost|^cost)/i;

/** Losses, errors and latencies get better as they go down. */
export function isLowerBetter(key: string): boolean {
  return LOWER_IS_BETTER.test(key);
}

// Training-set numbers flatter a model; held-out ones tell more.
const TRAINING = /(^|[/_.-])train(ing)?([/_.-]|$)/i;

function wellKnownRank(key: string): number {
  const lower = key.toLowerCase();
  const penalty = TRAINING.test(lower) ? 0.25 : 0;
  const exact = WELL_KNOWN.indexOf(lower);
  if (exact !== -1) return exact;
  const partial = WELL_KNOWN.findIndex((name) => lower.endsWith(`_${name}`) || lower.endsWith(`/${name}`) || lower.endsWith(`.${name}`));
  return (partial === -1 ? WELL_KNOWN.length : partial + 0.5) + penalty;
}

/**
 * Up to `max` metric keys to show for a set of runs: those most runs have, well-known quality
 * metrics first, then alphabetical. `preferred` (a user's choice) always comes first when present.
 */
export function chooseKeyMetrics(metricKeysPerRun: readonly (readonly string[])[], max = 3, preferred?: string): string[] {
  const frequency = new Map<string, number>();
  for (const keys of metricKeysPerRun) for (const key of new Set(keys)) frequency.set(key, (frequency.get(key) ?? 0) + 1);
  const ranked = [...frequency.keys()].sort(
    (a, b) => (frequency.get(b) ?? 0) - (frequency.get(a) ?? 0) || wellKnownRank(a) - wellKnownRank(b) || a.localeCompare(b),
  );
  const chosen = preferred && frequency.has(preferred) ? [preferred, ...ranked.filter((key) => key !== preferred)] : ranked;
  return chosen.slice(0, max);
}

export interface MetricComparison {
  delta: number;
  /** undefined when equal or not comparable. */
  better: boolean | undefined;
}

/** How `value` compares with `baseline` for this metric. */
export function compareMetric(key: string, value: number | undefined, baseline: number | undefined): MetricComparison | undefined {
  if (value === undefined || baseline === undefined || !Number.isFinite(value) || !Number.isFinite(baseline)) return undefined;
  const delta = value - baseline;
  if (delta === 0) return { delta, better: undefined };
  return { delta, better: isLowerBetter(key) ? delta < 0 : delta > 0 };
}

/** `+0.0312`, `-1.2e-5`, `±0`: a signed, short difference. */
export function formatDelta(delta: number): string {
  if (delta === 0) return '±0';
  const sign = delta > 0 ? '+' : '−';
  const abs = Math.abs(delta);
  const text = abs >= 1e5 || abs < 1e-4 ? abs.toExponential(2) : String(Number(abs.toPrecision(3)));
  return `${sign}${text}`;
}
