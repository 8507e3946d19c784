import { Link } from 'react-router';
import type { SourceRun } from '../../../entities/registry/registry-model';
import { paths } from '../../../config/paths';

export function runPath(run: Pick<SourceRun, 'experimentId' | 'runId'>): string {
  return paths.run(run.experimentId, run.runId);
}

/** The run a version came from: a link once its experiment is known, its id otherwise. */
export function SourceRunLink({ runId, run, failed }: { runId: string | undefined; run: SourceRun | undefined; failed?: boolean }) {
  if (!runId) return <span className="muted">No run</span>;
  if (run) {
    return (
      <Link to={runPath(run)} className="source-run-link" title={`Run ${run.runId}`}>
        {run.runName || run.runId.slice(0, 8)}
        {run.lifecycleStage === 'deleted' && <span className="muted"> (deleted)</span>}
      </Link>
    );
  }
  return (
    <span className="mono muted" title={failed ? `Run ${runId} could not be loaded` : `Run ${runId}`}>
      {runId.slice(0, 8)}
      {failed ? ' (unavailable)' : ''}
    </span>
  );
}
