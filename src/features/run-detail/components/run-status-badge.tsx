import type { RunStatus } from '../../../lib/mlflow/wire-types';

const CLASS: Record<RunStatus, string> = {
  RUNNING: 'badge-info',
  SCHEDULED: 'badge-info',
  FINISHED: 'badge-success',
  FAILED: 'badge-danger',
  KILLED: 'badge-warning',
};

const LABEL: Record<RunStatus, string> = {
  RUNNING: 'Running',
  SCHEDULED: 'Scheduled',
  FINISHED: 'Finished',
  FAILED: 'Failed',
  KILLED: 'Killed',
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return (
    <span className={`badge ${CLASS[status] ?? ''}`} data-testid="run-status">
      {LABEL[status] ?? status}
    </span>
  );
}
