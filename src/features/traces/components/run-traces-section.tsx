// The run page's Traces section: the traces logged under the run (request metadata
// `mlflow.sourceRun`, the filter MLflow's own UI sends), each linking to its trace page. Left out
// entirely when the run has none or the server has no trace API.
import { Link } from 'react-router';
import { ErrorPanel } from '../../../components/error-view';
import { RelativeTime } from '../../../components/relative-time/relative-time';
import { paths } from '../../../config/paths';
import { runTracesFilter, useTracesList } from '../../../entities/traces';
import { formatSpanDuration } from '../utils/format-span-time';
import { TraceStatusBadge } from './trace-status-badge';
import '../traces.css';

const RUN_TRACES_SHOWN = 50;

export function RunTracesSection({ experimentId, runId }: { experimentId: string; runId: string }) {
  const traces = useTracesList({ experimentIds: [experimentId], filter: runTracesFilter(runId), order: 'time-desc' }, RUN_TRACES_SHOWN);
  if (traces.isPending || traces.data === null || (traces.data && traces.data.traces.length === 0)) return null;
  const page = traces.data;
  return (
    <section className="panel run-panel run-traces" aria-label="Traces">
      <div className="panel-header">
        <h2>
          Traces
          {page && <span className="trace-count">{page.nextPageToken ? `${page.traces.length}+` : page.traces.length}</span>}
        </h2>
        <Link className="btn btn-sm" to={paths.experimentTraces(experimentId, { tq: runTracesFilter(runId) })}>
          Open in the Traces tab
        </Link>
      </div>
      <div className="panel-body">
        {traces.isError ? (
          <ErrorPanel error={traces.error} title="Could not load the run's traces" onRetry={() => void traces.refetch()} />
        ) : (
          <table className="table run-traces-table" aria-label="Traces of this run">
            <thead>
              <tr>
                <th scope="col">Trace</th>
                <th scope="col">Request</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Latency
                </th>
                <th scope="col">Time</th>
              </tr>
            </thead>
            <tbody>
              {page?.traces.map((trace) => (
                <tr key={trace.traceId} className={trace.status === 'ERROR' ? 'is-error' : undefined} data-testid="run-trace-row">
                  <td>
                    <Link to={paths.trace(trace.experimentId || experimentId, trace.traceId)} title={trace.traceId}>
                      {trace.name ?? trace.traceId}
                    </Link>
                  </td>
                  <td className="mono run-traces-preview" title={trace.requestPreview}>
                    {trace.requestPreview || <span className="muted">—</span>}
                  </td>
                  <td>
                    <TraceStatusBadge status={trace.status} />
                  </td>
                  <td className="num mono">{formatSpanDuration(trace.executionTime)}</td>
                  <td>
                    <RelativeTime ms={trace.timestamp} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
