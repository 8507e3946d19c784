// A small random forest of regression trees (CART, variance reduction), written here because no
// browser-sized library fits: enough for parameter importance over a few thousand runs × a few
// dozen params. Deterministic given the seed. Missing values (NaN) go to the left branch.

export interface TreeNode {
  feature: number;
  threshold: number;
  left?: TreeNode;
  right?: TreeNode;
  value: number;
}

export interface ForestOptions {
  trees?: number;
  maxDepth?: number;
  minLeaf?: number;
  /** Fraction of features tried at each split (default: max(1, floor(p / 3)) / p). */
  featureFraction?: number;
  seed?: number;
}

export interface Forest {
  trees: TreeNode[];
  features: number;
}

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
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

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / (values.length || 1);

function bestSplit(rows: readonly number[], X: readonly (readonly number[])[], y: readonly number[], feature: number, minLeaf: number) {
  const pairs = rows
    .map((row) => ({ x: X[row]?.[feature] ?? NaN, y: y[row] ?? 0 }))
    .map((pair) => ({ x: Number.isNaN(pair.x) ? -Infinity : pair.x, y: pair.y }))
    .sort((a, b) => a.x - b.x);
  const n = pairs.length;
  let totalSum = 0;
  let totalSq = 0;
  for (const pair of pairs) {
    totalSum += pair.y;
    totalSq += pair.y * pair.y;
  }
  let leftSum = 0;
  let leftSq = 0;
  let best = { gain: 0, threshold: NaN };
  const parentSse = totalSq - (totalSum * totalSum) / n;
  for (let i = 0; i < n - 1; i += 1) {
    const pair = pairs[i];
    const next = pairs[i + 1];
    if (!pair || !next) break;
    leftSum += pair.y;
    leftSq += pair.y * pair.y;
    const leftCount = i + 1;
    const rightCount = n - leftCount;
    if (pair.x === next.x || leftCount < minLeaf || rightCount < minLeaf) continue;
    const rightSum = totalSum - leftSum;
    const sse = leftSq - (leftSum * leftSum) / leftCount + (totalSq - leftSq) - (rightSum * rightSum) / rightCount;
    const gain = parentSse - sse;
    if (gain > best.gain + 1e-12) best = { gain, threshold: pair.x === -Infinity ? -Infinity : (pair.x + next.x) / 2 };
  }
  return best;
}

function growTree(
  rows: number[],
  X: readonly (readonly number[])[],
  y: readonly number[],
  depth: number,
  options: Required<Omit<ForestOptions, 'seed' | 'trees'>>,
  random: () => number,
): TreeNode {
  const value = mean(rows.map((row) => y[row] ?? 0));
  const node: TreeNode = { feature: -1, threshold: NaN, value };
  if (depth >= options.maxDepth || rows.length < 2 * options.minLeaf) return node;
  const featureCount = X[0]?.length ?? 0;
  const tryCount = Math.max(1, Math.round(featureCount * options.featureFraction));
  const candidates = Array.from({ length: featureCount }, (_, index) => index);
  for (let i = candidates.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j] ?? 0, candidates[i] ?? 0];
  }
  let best = { gain: 0, threshold: NaN, feature: -1 };
  for (const feature of candidates.slice(0, tryCount)) {
    const split = bestSplit(rows, X, y, feature, options.minLeaf);
    if (split.gain > best.gain) best = { ...split, feature };
  }
  if (best.feature < 0) return node;
  const goesLeft = (row: number) => {
    const x = X[row]?.[best.feature] ?? NaN;
    return Number.isNaN(x) || x <= best.threshold;
  };
  node.feature = best.feature;
  node.threshold = best.threshold;
  node.left = growTree(rows.filter(goesLeft), X, y, depth + 1, options, random);
  node.right = growTree(
    rows.filter((row) => !goesLeft(row)),
    X,
    y,
    depth + 1,
    options,
    random,
  );
  return node;
}

export function predictTree(node: TreeNode, row: readonly number[]): number {
  let current = node;
  while (current.left && current.right) {
    const x = row[current.feature] ?? NaN;
    current = Number.isNaN(x) || x <= current.threshold ? current.left : current.right;
  }
  return current.value;
}

export function fitTree(X: readonly (readonly number[])[], y: readonly number[], options: ForestOptions = {}): TreeNode {
  const random = seededRandom(options.seed ?? 1);
  return growTree(
    y.map((_, index) => index),
    X,
    y,
    0,
    { maxDepth: options.maxDepth ?? 6, minLeaf: options.minLeaf ?? 1, featureFraction: options.featureFraction ?? 1 },
    random,
  );
}

/** Bootstrap-aggregated trees with random feature subsets at each split. */
export function fitForest(X: readonly (readonly number[])[], y: readonly number[], options: ForestOptions = {}): Forest {
  const features = X[0]?.length ?? 0;
  const random = seededRandom(options.seed ?? 1);
  const settings = {
    maxDepth: options.maxDepth ?? 8,
    minLeaf: options.minLeaf ?? 2,
    featureFraction: options.featureFraction ?? Math.max(1, Math.floor(features / 3)) / Math.max(1, features),
  };
  const trees: TreeNode[] = [];
  for (let t = 0; t < (options.trees ?? 50); t += 1) {
    const rows = y.map(() => Math.floor(random() * y.length));
    trees.push(growTree(rows, X, y, 0, settings, random));
  }
  return { trees, features };
}

export function predictForest(forest: Forest, row: readonly number[]): number {
  return mean(forest.trees.map((tree) => predictTree(tree, row)));
}
