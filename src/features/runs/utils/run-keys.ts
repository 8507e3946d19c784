// The metric, param and (non-system) tag keys present in a set of runs: the optional columns
// and the filter box completions.
import type { ColumnKeySets } from './column-layout';
import { isSystemTag, type Run } from '../../../entities/runs/run-model';

export interface MutableKeySets {
  metrics: Set<string>;
  params: Set<string>;
  tags: Set<string>;
}

export function collectKeys(rows: readonly Run[]): MutableKeySets {
  const sets: MutableKeySets = { metrics: new Set(), params: new Set(), tags: new Set() };
  for (const row of rows) {
    for (const key of Object.keys(row.metrics)) sets.metrics.add(key);
    for (const key of Object.keys(row.params)) sets.params.add(key);
    for (const key of Object.keys(row.tags)) if (!isSystemTag(key)) sets.tags.add(key);
  }
  return sets;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function mergeKeys(parts: readonly MutableKeySets[]): ColumnKeySets {
  const merged: MutableKeySets = { metrics: new Set(), params: new Set(), tags: new Set() };
  for (const part of parts) {
    for (const key of part.metrics) merged.metrics.add(key);
    for (const key of part.params) merged.params.add(key);
    for (const key of part.tags) merged.tags.add(key);
  }
  const sorted = (set: Set<string>) => [...set].sort(collator.compare);
  return { metrics: sorted(merged.metrics), params: sorted(merged.params), tags: sorted(merged.tags) };
}

/** True when both key sets list the same keys (keeps memoised values stable across refetches). */
export function sameKeys(a: ColumnKeySets, b: ColumnKeySets): boolean {
  const same = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((key, index) => key === y[index]);
  return same(a.metrics, b.metrics) && same(a.params, b.params) && same(a.tags, b.tags);
}
