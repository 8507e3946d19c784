import { describe, expect, it } from 'vitest';
import { paramImportance, permutationImportance } from './importance';
import { fitForest, fitTree, predictTree, seededRandom } from './regression-forest';

describe('regression tree', () => {
  it('finds the split that separates two levels exactly', () => {
    // y = 0 for x < 5, 10 for x >= 5; best threshold is the midpoint 4.5
    const X = [[1], [2], [3], [4], [5], [6], [7], [8]];
    const y = [0, 0, 0, 0, 10, 10, 10, 10];
    const tree = fitTree(X, y, { maxDepth: 1 });
    expect(tree.feature).toBe(0);
    expect(tree.threshold).toBe(4.5);
    expect(predictTree(tree, [2])).toBe(0);
    expect(predictTree(tree, [7])).toBe(10);
  });

  it('sends missing values left', () => {
    const tree = fitTree([[1], [2], [3], [4]], [0, 0, 1, 1], { maxDepth: 1 });
    expect(predictTree(tree, [NaN])).toBe(0);
  });
});

describe('permutation importance', () => {
  // y depends on feature 0 only; feature 1 is noise.
  const random = seededRandom(42);
  const X = Array.from({ length: 120 }, () => [random(), random()]);
  const y = X.map(([a = 0]) => (a > 0.5 ? 1 : 0) + a);

  it('is large for the informative feature and near zero for noise', () => {
    const forest = fitForest(X, y, { trees: 20, seed: 3, featureFraction: 1 });
    const [informative = 0, noise = 0] = permutationImportance(forest, X, y, { seed: 5 });
    expect(informative).toBeGreaterThan(0.1);
    expect(noise).toBeLessThan(informative / 10);
  });

  it('ranks parameters with Spearman and normalised importance', () => {
    const ranked = paramImportance(['lr', 'seed'], X, y, { trees: 20 });
    expect(ranked[0]?.name).toBe('lr');
    expect(ranked[0]?.spearman).toBeGreaterThan(0.9);
    expect((ranked[0]?.importance ?? 0) + (ranked[1]?.importance ?? 0)).toBeCloseTo(1);
  });

  it('is deterministic for a seed', () => {
    expect(paramImportance(['a', 'b'], X, y, { trees: 5, seed: 9 })).toEqual(paramImportance(['a', 'b'], X, y, { trees: 5, seed: 9 }));
  });
});
