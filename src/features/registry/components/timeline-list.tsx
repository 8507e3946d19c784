import { Link } from 'react-router';
import { RelativeTime } from '../../../components/relative-time/relative-time';
import type { RegistryChange } from '../utils/registry-change';
import type { TimelineEntry } from '../utils/timeline';
import { MetricDelta, MetricValue } from './metric-value';
import { versionPath } from './versions-table';

export interface TimelineListProps {
  name: string;
  entries: readonly TimelineEntry[];
  /** Source-run metrics of a version (undefined while loading or without a run). */
  metricsOf: (version: string) => Record<string, number> | undefined;
  /** Metrics shown beside each entry, most important first. */
  keyMetrics: readonly string[];
  onRollback: (change: RegistryChange) => void;
}

const KIND_LABEL: Readonly<Record<TimelineEntry['kind'], string>> = {
  model: 'Model',
  registered: 'Registered',
  deleted: 'Deleted',
  stage: 'Stage',
  alias: 'Alias',
  description: 'Description',
  tag: 'Tag',
  current: 'Now',
};

/** Registry history, newest first, each entry beside the key metrics of the version it concerns. */
export function TimelineList({ name, entries, metricsOf, keyMetrics, onRollback }: TimelineListProps) {
  const shown = keyMetrics.slice(0, 2);
  return (
    <ol className="timeline" aria-label="Registry history">
      {entries.map((entry) => {
        const metrics = entry.version ? metricsOf(entry.version) : undefined;
        const baseline = entry.replacedVersion ? metricsOf(entry.replacedVersion) : undefined;
        const showMetrics = entry.version !== undefined && (entry.kind === 'stage' || entry.kind === 'alias' || entry.kind === 'registered' || entry.kind === 'current');
        return (
          <li key={entry.key} className={`timeline-entry timeline-${entry.kind}`} data-testid="timeline-entry">
            <span className="timeline-dot" aria-hidden="true" />
            <div className="timeline-head">
              <span className="timeline-kind">{KIND_LABEL[entry.kind]}</span>
              <span className="timeline-time muted">{entry.timestamp !== undefined ? <RelativeTime ms={entry.timestamp} /> : 'current state'}</span>
              {entry.user && <span className="timeline-user muted">by {entry.user}</span>}
            </div>
            <div className="timeline-text">{entry.text}</div>
            {showMetrics && shown.length > 0 && entry.version !== undefined && (
              <div className="timeline-metrics">
                <Link to={versionPath(name, entry.version)}>v{entry.version}</Link>
                {metrics ? (
                  shown.map((metric) => (
                    <span key={metric} className="timeline-metric">
                      <span className="muted">{metric}</span> <MetricValue value={metrics[metric]} />
                      {entry.replacedVersion && baseline && (
                        <>
                          {' '}
                          <span className="muted">
                            vs v{entry.replacedVersion} <MetricValue value={baseline[metric]} />
                          </span>{' '}
                          <MetricDelta metric={metric} value={metrics[metric]} baseline={baseline[metric]} />
                        </>
                      )}
                    </span>
                  ))
                ) : (
                  <span className="muted">no run metrics</span>
                )}
              </div>
            )}
            {entry.rollback && (
              <div className="timeline-actions">
                <button type="button" className="btn btn-sm" onClick={() => entry.rollback && onRollback(entry.rollback.change)}>
                  <span aria-hidden="true">↶ </span>
                  {entry.rollback.label}
                </button>
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
