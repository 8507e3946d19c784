// Parameter importance for a metric: per-parameter Spearman correlation (direction and monotone
// strength) and model-based permutation importance over a small random forest (captures
// non-monotone effects and interactions). Pure, deterministic given the seed.
import { spearman } from './correlation';
import { fitForest, predictForest, seededRandom, type Forest, type ForestOptions } from './regression-forest';

export function meanSquaredError(forest: Forest, X: readonly (readonly number[])[], y: readonly number[]): number {
  let sum = 0;
  y.forEach((target, index) => {
    const row = X[index];
    if (row) sum += (predictForest(forest, row) - target) ** 2;
  });
  return sum / (y.length || 1);
}

/**
 * Increase of the model's mean squared error when one feature's column is shuffled, averaged
 * over `repeats` shuffles, per feature. Larger = the model leans on that feature more.
 */
export function permutationImportance(
  forest: Forest,
  X: readonly (readonly number[])[],
  y: readonly number[],
  options: { repeats?: number; seed?: number } = {},
): number[] {
  const random = seededRandom(options.seed ?? 7);
  const baseline = meanSquaredError(forest, X, y);
  const repeats = options.repeats ?? 3;
  return Array.from({ length: forest.features }, (_, feature) => {
    let total = 0;
    for (let r = 0; r < repeats; r += 1) {
      const column = X.map((row) => row[feature] ?? NaN);
      for (let i = column.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        [column[i], column[j]] = [column[j] ?? NaN, column[i] ?? NaN];
      }
      const shuffled = X.map((row, index) => row.map((value, f) => (f === feature ? (column[index] ?? NaN) : value)));
      total += meanSquaredError(forest, shuffled, y) - baseline;
    }
    return Math.max(0, total / repeats);
  });
}

export interface ParamImportance {
  name: string;
  spearman: number;
  /** Permutation importance normalised so the features sum to 1 (0 when the model learned nothing). */
  importance: number;
}

/**
 * Ranks features by model importance (then |Spearman|). Rows with a non-finite target are dropped;
 * features may hold NaN for missing values. Needs at least 4 rows for a model.
 */
export function paramImportance(
  names: readonly string[],
  X: readonly (readonly number[])[],
  y: readonly number[],
  options: ForestOptions & { repeats?: number } = {},
): ParamImportance[] {
  const keep = y.map((value) => Number.isFinite(value));
  const rows = X.filter((_, index) => keep[index]);
  const targets = y.filter((_, index) => keep[index]);
  const correlations = names.map((_, feature) =>
    spearman(
      rows.map((row) => row[feature] ?? NaN),
      targets,
    ),
  );
  let raw = names.map(() => 0);
  if (rows.length >= 4 && names.length > 0) {
    const forest = fitForest(rows, targets, { trees: 40, maxDepth: 6, minLeaf: 2, seed: 1, ...options });
    raw = permutationImportance(forest, rows, targets, { repeats: options.repeats ?? 2, seed: options.seed ?? 1 });
  }
  const total = raw.reduce((sum, value) => sum + value, 0);
  return names
    .map((name, index) => ({ name, spearman: correlations[index] ?? NaN, importance: total > 0 ? (raw[index] ?? 0) / total : 0 }))
    .sort((a, b) => b.importance - a.importance || (Math.abs(b.spearman) || 0) - (Math.abs(a.spearman) || 0));
}
