// Parameter importance for one metric, as a ranked bar list: permutation importance of a small
// random forest (model-based, captures non-monotone effects) and the Spearman correlation.
import { useEffect, useState } from 'react';
import { paramImportance, type ParamImportance } from '../../../lib/chart-math/importance';
import { importanceMatrix, type CompareRun } from '../utils/compare-values';

const MAX_ROWS = 400;

export function ImportanceList({
  runs,
  paramKeys,
  metricKey,
}: {
  runs: readonly CompareRun[];
  paramKeys: readonly string[];
  metricKey: string;
}) {
  const [result, setResult] = useState<{ key: string; ranked: ParamImportance[] } | null>(null);
  const signature = `${metricKey}|${paramKeys.join(',')}|${runs.length}|${runs[0]?.runId ?? ''}`;
  useEffect(() => {
    // Off the first paint: the forest takes a few hundred ms for hundreds of runs.
    const timer = setTimeout(() => {
      const sample = runs.length > MAX_ROWS ? runs.filter((_, index) => index % Math.ceil(runs.length / MAX_ROWS) === 0) : runs;
      const { X, y } = importanceMatrix(sample, paramKeys, metricKey);
      setResult({ key: signature, ranked: paramImportance([...paramKeys], X, y, { trees: 30, maxDepth: 6, seed: 1 }) });
    }, 50);
    return () => clearTimeout(timer);
  }, [signature, runs, paramKeys, metricKey]);
  if (!metricKey || paramKeys.length === 0) return <p className="muted">Needs params and a metric.</p>;
  if (!result || result.key !== signature)
    return (
      <p className="muted" role="status">
        Computing importance…
      </p>
    );
  return (
    <ol className="importance-list" data-testid="importance-list">
      {result.ranked.map((entry) => (
        <li key={entry.name} data-param={entry.name}>
          <span className="importance-name">{entry.name}</span>
          <span className="importance-bar" aria-hidden="true">
            <span style={{ width: `${Math.round(entry.importance * 100)}%` }} />
          </span>
          <span className="importance-value" title="Share of the random forest's permutation importance">
            {(entry.importance * 100).toFixed(0)}%
          </span>
          <span className={`importance-corr ${entry.spearman < 0 ? 'neg' : 'pos'}`} title="Spearman rank correlation with the metric">
            ρ {Number.isFinite(entry.spearman) ? entry.spearman.toFixed(2) : '—'}
          </span>
        </li>
      ))}
    </ol>
  );
}
