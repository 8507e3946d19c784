import { ErrorPanel } from '../../../components/error-view';
import { KeyValueTable } from '../../../components/key-value-table';
import { SkeletonLines } from '../../../components/skeleton/skeleton';
import { formatMetricValue } from '../../../lib/format/format-number';
import { useSourceRun } from '../hooks/use-source-runs';
import { SourceRunLink } from './source-run-link';

interface Entry {
  key: string;
  value: string;
}

const entryKey = (entry: Entry) => entry.key;
const entryText = (entry: Entry) => `${entry.key} ${entry.value}`;
const COLUMNS = [
  { header: 'Key', width: '45%', cell: (entry: Entry) => <span className="kv-key">{entry.key}</span> },
  { header: 'Value', cell: (entry: Entry) => <span className="kv-value mono">{entry.value}</span> },
];

/** The run a version came from, with its metrics and params. */
export function SourceRunPanel({ runId }: { runId: string | undefined }) {
  const run = useSourceRun(runId);
  let body;
  if (!runId) body = <p className="muted">This version names no source run (its source is not a run’s artifacts).</p>;
  else if (run.isPending) body = <SkeletonLines lines={4} label="Loading source run" />;
  else if (run.isError) body = <ErrorPanel error={run.error} title={`Could not load run ${runId}`} onRetry={() => void run.refetch()} />;
  else {
    const metrics = Object.entries(run.data.metrics).map(([key, value]) => ({ key, value: formatMetricValue(value) }));
    const params = Object.entries(run.data.params).map(([key, value]) => ({ key, value }));
    body = (
      <div className="stack">
        <p className="source-run-heading-line">
          <SourceRunLink runId={runId} run={run.data} /> <span className="muted mono">{runId}</span>
          {run.data.status && <span className="badge source-run-status">{run.data.status.toLowerCase()}</span>}
        </p>
        <div className="source-run-tables">
          <div>
            <h3>Metrics</h3>
            <KeyValueTable label="Run metrics" items={metrics} getKey={entryKey} getSearchText={entryText} columns={COLUMNS} emptyText="No metrics logged." />
          </div>
          <div>
            <h3>Parameters</h3>
            <KeyValueTable label="Run parameters" items={params} getKey={entryKey} getSearchText={entryText} columns={COLUMNS} emptyText="No parameters logged." />
          </div>
        </div>
      </div>
    );
  }
  return (
    <section className="panel" aria-labelledby="source-run-heading">
      <div className="panel-header">
        <h2 id="source-run-heading">Source run</h2>
      </div>
      <div className="panel-body">{body}</div>
    </section>
  );
}
