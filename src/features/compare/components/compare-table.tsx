// Params, metrics and tags of the compared runs side by side (runs as columns, 25 per page),
// with "differences only" and the best value of every metric highlighted.
import { useMemo, useState } from 'react';
import { formatMetricValue } from '../../../lib/format/format-number';
import { metricDirection } from '../../../entities/metrics/metric-direction';
import { bestIndexes, compareRows, type CompareRun, type Direction } from '../utils/compare-values';

const PAGE = 25;

export function CompareTable({
  runs,
  differencesOnly,
  directions,
  onDirection,
  runLink,
}: {
  runs: readonly CompareRun[];
  differencesOnly: boolean;
  directions: Readonly<Record<string, Direction>>;
  onDirection: (metricKey: string, direction: Direction) => void;
  runLink: (run: CompareRun) => string;
}) {
  const [page, setPage] = useState(0);
  const rows = useMemo(() => compareRows(runs, { differencesOnly }), [runs, differencesOnly]);
  const pages = Math.max(1, Math.ceil(runs.length / PAGE));
  const current = Math.min(page, pages - 1);
  const from = current * PAGE;
  const shown = runs.slice(from, from + PAGE);
  const best = useMemo(() => {
    const result = new Map<string, Set<number>>();
    for (const row of rows) {
      const direction = row.section === 'metrics' ? (directions[row.key] ?? metricDirection(row.key)) : undefined;
      if (direction) result.set(row.key, bestIndexes(row.values, direction));
    }
    return result;
  }, [rows, directions]);
  let lastSection = '';
  return (
    <div className="compare-table-wrap">
      {pages > 1 && (
        <div className="toolbar compare-table-pager">
          <button type="button" className="btn btn-sm" disabled={current === 0} onClick={() => setPage(current - 1)}>
            ‹ Previous runs
          </button>
          <span className="muted">
            Runs {from + 1}–{from + shown.length} of {runs.length}
          </span>
          <button type="button" className="btn btn-sm" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            Next runs ›
          </button>
        </div>
      )}
      <div className="compare-table-scroll" tabIndex={0} role="region" aria-label="Compared values">
        <table className="table compare-table" data-testid="compare-table">
          <thead>
            <tr>
              <th scope="col" className="compare-key-col">
                Key
              </th>
              {shown.map((run) => (
                <th key={run.runId} scope="col">
                  <span className="compare-run-head">
                    <span className="swatch" style={{ background: run.color }} aria-hidden="true" />
                    <a href={runLink(run)}>{run.name}</a>
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={shown.length + 1} className="muted">
                  {differencesOnly ? 'No differences between these runs.' : 'These runs have no params, metrics or tags.'}
                </td>
              </tr>
            )}
            {rows.map((row) => {
              const header =
                row.section !== lastSection ? (
                  <tr key={`section-${row.section}`} className="compare-section-row">
                    <th scope="rowgroup" colSpan={shown.length + 1}>
                      {row.section === 'params' ? 'Parameters' : row.section === 'metrics' ? 'Metrics' : 'Tags'}
                    </th>
                  </tr>
                ) : null;
              lastSection = row.section;
              const direction = directions[row.key] ?? metricDirection(row.key);
              const winners = best.get(row.key);
              return [
                header,
                <tr
                  key={`${row.section}:${row.key}`}
                  data-testid="compare-row"
                  data-key={`${row.section}.${row.key}`}
                  className={row.differs ? 'differs' : undefined}
                >
                  <th scope="row" className="compare-key-col">
                    <span className="compare-key">{row.key}</span>
                    {row.section === 'metrics' && (
                      <button
                        type="button"
                        className="btn btn-sm btn-ghost compare-direction"
                        title={direction ? 'Which value is best (click to switch)' : 'Unknown direction: click to mark lower values as best'}
                        aria-label={
                          direction
                            ? `${row.key}: ${direction === 'min' ? 'lower' : 'higher'} is better, switch`
                            : `${row.key}: no best value marked, mark lower as better`
                        }
                        onClick={() => onDirection(row.key, direction === 'min' ? 'max' : 'min')}
                      >
                        {direction === 'min' ? '↓ best' : direction === 'max' ? '↑ best' : 'best?'}
                      </button>
                    )}
                  </th>
                  {shown.map((run, index) => {
                    const value = row.values[from + index];
                    const isBest = winners?.has(from + index) ?? false;
                    return (
                      <td key={run.runId} className={`mono${isBest ? ' is-best' : ''}`} data-best={isBest ? 'true' : undefined}>
                        {value === undefined ? (
                          <span className="muted">—</span>
                        ) : typeof value === 'number' ? (
                          formatMetricValue(value)
                        ) : (
                          value
                        )}
                      </td>
                    );
                  })}
                </tr>,
              ];
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
