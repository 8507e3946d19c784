import { useHoveredRun, useHoverStore } from './hover-store';

export interface LegendEntry {
  runId: string;
  name: string;
  color: string;
  hidden: boolean;
  pinned?: boolean;
}

/** Every run with its colour; hovering highlights it in all charts, clicking hides or shows it. */
export function ChartsLegend({ entries, onToggle }: { entries: readonly LegendEntry[]; onToggle?: (runId: string) => void }) {
  const hovered = useHoveredRun();
  const store = useHoverStore();
  return (
    <ul className="charts-legend" aria-label="Runs" data-testid="charts-legend">
      {entries.map((entry) => (
        <li key={entry.runId}>
          <button
            type="button"
            className={`charts-legend-item${entry.hidden ? ' is-hidden' : ''}${hovered === entry.runId ? ' is-hovered' : ''}`}
            aria-pressed={!entry.hidden}
            title={entry.hidden ? `Show ${entry.name}` : `Hide ${entry.name}`}
            onMouseEnter={() => store.set(entry.hidden ? null : entry.runId)}
            onMouseLeave={() => store.set(null)}
            onFocus={() => store.set(entry.hidden ? null : entry.runId)}
            onBlur={() => store.set(null)}
            onClick={() => onToggle?.(entry.runId)}
          >
            <span className="swatch" style={{ background: entry.color }} aria-hidden="true" />
            {entry.name}
            {entry.pinned && (
              <span className="charts-legend-pin" title="Pinned in the runs table">
                (pinned)
              </span>
            )}
          </button>
        </li>
      ))}
    </ul>
  );
}
