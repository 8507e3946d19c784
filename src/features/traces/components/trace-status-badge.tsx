import type { SpanStatus, TraceStatus } from '../../../entities/traces';

const LABELS: Readonly<Record<TraceStatus | SpanStatus, string>> = {
  OK: 'OK',
  ERROR: 'Error',
  IN_PROGRESS: 'In progress',
  UNSPECIFIED: 'Unknown',
  UNSET: 'Unset',
};

const CLASSES: Readonly<Record<TraceStatus | SpanStatus, string>> = {
  OK: 'badge badge-success',
  ERROR: 'badge badge-danger',
  IN_PROGRESS: 'badge badge-info',
  UNSPECIFIED: 'badge',
  UNSET: 'badge',
};

/** A trace's or span's status; errors stand out in red. */
export function TraceStatusBadge({ status }: { status: TraceStatus | SpanStatus }) {
  return (
    <span className={CLASSES[status]} data-status={status}>
      {status === 'ERROR' && <span aria-hidden="true">⚠ </span>}
      {LABELS[status]}
    </span>
  );
}
