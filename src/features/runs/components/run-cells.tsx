// Cell renderers of the runs table. Each reads the run and the table meta (colours, selection,
// live clock...) and renders something small: these run for every row that scrolls into view.
import type { AnchorHTMLAttributes, MouseEvent, ReactNode } from 'react';
import type { RunStatus } from '../../../lib/mlflow/wire-types';
import type { RegistryVersion as RunModelVersion } from '../../../entities/registry/registry-model';
import type { MetricRange } from '../utils/metric-range';
import type { MetricAggregate } from '../runs-url-state';
import { formatAbsoluteTime, formatDuration, formatMetricValue, formatRelativeTime, runDuration, shortCommit, shortSource } from '../utils/format';
import { readKey, type Run } from '../../../entities/runs/run-model';
import { paths } from '../../../config/paths';

/**
 * A link for table cells: a plain anchor (cheap to render in thousands of rows) that navigates
 * client-side on a plain click and lets the browser handle new-tab clicks.
 */
export function AppLink({ to, navigate, children, ...rest }: { to: string; navigate: (to: string) => void; children: ReactNode } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.defaultPrevented) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}

const STATUS_STYLE: Readonly<Record<RunStatus, { icon: string; className: string; label: string }>> = {
  RUNNING: { icon: '●', className: 'badge badge-info rb-status-running', label: 'Running' },
  SCHEDULED: { icon: '◷', className: 'badge', label: 'Scheduled' },
  FINISHED: { icon: '✓', className: 'badge badge-success', label: 'Finished' },
  FAILED: { icon: '✕', className: 'badge badge-danger', label: 'Failed' },
  KILLED: { icon: '■', className: 'badge badge-warning', label: 'Killed' },
};

export function StatusCell({ run }: { run: Run }) {
  const style = STATUS_STYLE[run.status];
  return (
    <span className={style.className} data-status={run.status}>
      <span aria-hidden="true">{style.icon}</span>
      {style.label}
      {run.lifecycleStage === 'deleted' && <span className="rb-deleted-mark">· deleted</span>}
    </span>
  );
}

export function CreatedCell({ run, now }: { run: Run; now: number }) {
  if (run.startTime === undefined) return null;
  const absolute = formatAbsoluteTime(run.startTime);
  return (
    <time dateTime={new Date(run.startTime).toISOString()} title={absolute}>
      {formatRelativeTime(run.startTime, now)}
    </time>
  );
}

export function DurationCell({ run, now }: { run: Run; now: number }) {
  const duration = runDuration(run.startTime, run.endTime, run.status === 'RUNNING' ? now : (run.endTime ?? now));
  if (duration === undefined || (run.endTime === undefined && run.status !== 'RUNNING')) return null;
  return <span className="rb-num">{formatDuration(duration)}</span>;
}

export function TextCell({ value, mono = false, display }: { value: string | undefined; mono?: boolean; display?: string }) {
  if (!value) return null;
  return (
    <span className={`rb-text${mono ? ' mono' : ''}`} title={value}>
      {display ?? value}
    </span>
  );
}

export function SourceCell({ run }: { run: Run }) {
  const source = readKey(run.tags, 'mlflow.source.name');
  return <TextCell value={source} display={shortSource(source)} />;
}

export function CommitCell({ run }: { run: Run }) {
  const commit = readKey(run.tags, 'mlflow.source.git.commit');
  return <TextCell value={commit} display={shortCommit(commit)} mono />;
}

export function DatasetsCell({ run }: { run: Run }) {
  if (run.datasets.length === 0) return null;
  const title = run.datasets.map((dataset) => `${dataset.name} (${dataset.digest})${dataset.context ? ` · ${dataset.context}` : ''}`).join('\n');
  const [first, ...rest] = run.datasets;
  return (
    <span className="rb-chips" title={title}>
      {first && (
        <span className="rb-chip">
          {first.name}
          <span className="rb-chip-detail mono">{first.digest.slice(0, 8)}</span>
          {first.context && <span className="rb-chip-detail">{first.context}</span>}
        </span>
      )}
      {rest.length > 0 && <span className="rb-chip-more">+{rest.length}</span>}
    </span>
  );
}

export function LoggedModelsCell({ run, navigate }: { run: Run; navigate: (to: string) => void }) {
  if (run.loggedModels.length === 0) return null;
  const title = run.loggedModels.map((model) => `${model.artifactPath}${model.flavors.length ? ` (${model.flavors.join(', ')})` : ''}`).join('\n');
  const [first, ...rest] = run.loggedModels;
  return (
    <span className="rb-chips" title={title}>
      {first && (
        <AppLink className="rb-chip" to={paths.run(run.experimentId, run.runId, { tab: 'artifacts', path: first.artifactPath })} navigate={navigate}>
          {first.artifactPath}
          {first.flavors[0] && <span className="rb-chip-detail">{first.flavors[0]}</span>}
        </AppLink>
      )}
      {rest.length > 0 && <span className="rb-chip-more">+{rest.length}</span>}
    </span>
  );
}

export function RegisteredModelsCell({ versions, loading, navigate }: { versions: readonly RunModelVersion[] | undefined; loading: boolean; navigate: (to: string) => void }) {
  if (!versions || versions.length === 0) return loading ? <span className="rb-faint">…</span> : null;
  const [first, ...rest] = versions;
  return (
    <span className="rb-chips" title={versions.map((version) => `${version.name} v${version.version}`).join('\n')}>
      {first && (
        <AppLink className="rb-chip" to={paths.modelVersion(first.name, first.version)} navigate={navigate}>
          {first.name}
          <span className="rb-chip-detail">v{first.version}</span>
        </AppLink>
      )}
      {rest.length > 0 && <span className="rb-chip-more">+{rest.length}</span>}
    </span>
  );
}

export function MetricCell({ run, metricKey, aggregate, range }: { run: Run; metricKey: string; aggregate: MetricAggregate; range: MetricRange | undefined | null }) {
  const latest = readKey(run.metrics, metricKey);
  if (latest === undefined) return null;
  if (aggregate === 'last') return <span className="rb-num">{formatMetricValue(latest)}</span>;
  if (range === null) return <span className="rb-num rb-faint" title="Loading history">…</span>;
  const value = range ? range[aggregate] : latest;
  return (
    <span className="rb-num" title={`${aggregate} over history; latest ${formatMetricValue(latest)}`}>
      {formatMetricValue(value)}
    </span>
  );
}
