// Quick filters: run status, created within, and active / deleted / all runs.
import { useId } from 'react';
import { RUN_STATUSES, type RunStatus, type ViewType } from '../../../lib/mlflow/wire-types';
import type { CreatedRange, CreatedWithin } from '../runs-url-state';

const STATUS_LABELS: Readonly<Record<RunStatus, string>> = {
  RUNNING: 'Running',
  SCHEDULED: 'Scheduled',
  FINISHED: 'Finished',
  FAILED: 'Failed',
  KILLED: 'Killed',
};

const WITHIN_LABELS: Readonly<Record<CreatedWithin, string>> = {
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  custom: 'Custom range…',
};

const VIEW_LABELS: readonly [ViewType, string][] = [
  ['ACTIVE_ONLY', 'Active'],
  ['DELETED_ONLY', 'Deleted'],
  ['ALL', 'All'],
];

export interface QuickFiltersProps {
  statuses: readonly RunStatus[];
  onStatusesChange: (statuses: RunStatus[]) => void;
  created: CreatedRange | null;
  onCreatedChange: (created: CreatedRange | null) => void;
  viewType: ViewType;
  onViewTypeChange: (viewType: ViewType) => void;
}

/** `datetime-local` value (local time, minutes) for epoch ms, and back. */
function toLocalInput(ms: number | undefined): string {
  if (ms === undefined) return '';
  const date = new Date(ms);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function fromLocalInput(text: string): number | undefined {
  if (!text) return undefined;
  const ms = new Date(text).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

export function QuickFilters({ statuses, onStatusesChange, created, onCreatedChange, viewType, onViewTypeChange }: QuickFiltersProps) {
  const createdId = useId();
  const toggleStatus = (status: RunStatus) => {
    onStatusesChange(statuses.includes(status) ? statuses.filter((item) => item !== status) : RUN_STATUSES.filter((item) => item === status || statuses.includes(item)));
  };
  return (
    <div className="rb-quick-filters">
      <div className="rb-status-filter" role="group" aria-label="Status">
        <span className="rb-quick-label" aria-hidden="true">
          Status
        </span>
        {RUN_STATUSES.map((status) => (
          <button key={status} type="button" className="rb-chip-toggle" aria-pressed={statuses.includes(status)} onClick={() => toggleStatus(status)}>
            {STATUS_LABELS[status]}
          </button>
        ))}
      </div>
      <div className="rb-created-filter">
        <label className="rb-quick-label" htmlFor={createdId}>
          Created
        </label>
        <select
          id={createdId}
          className="select"
          value={created?.within ?? ''}
          onChange={(event) => {
            const within = event.target.value as CreatedWithin | '';
            if (!within) onCreatedChange(null);
            else if (within === 'custom') onCreatedChange({ within, from: created?.from ?? Date.now() - 7 * 86_400_000, to: created?.to });
            else onCreatedChange({ within });
          }}
        >
          <option value="">Any time</option>
          {(Object.keys(WITHIN_LABELS) as CreatedWithin[]).map((within) => (
            <option key={within} value={within}>
              {WITHIN_LABELS[within]}
            </option>
          ))}
        </select>
        {created?.within === 'custom' && (
          <>
            <input
              type="datetime-local"
              className="input"
              aria-label="Created from"
              value={toLocalInput(created.from)}
              onChange={(event) => onCreatedChange({ ...created, from: fromLocalInput(event.target.value) })}
            />
            <span aria-hidden="true">–</span>
            <input
              type="datetime-local"
              className="input"
              aria-label="Created until"
              value={toLocalInput(created.to)}
              onChange={(event) => onCreatedChange({ ...created, to: fromLocalInput(event.target.value) })}
            />
          </>
        )}
      </div>
      <div className="segmented" role="group" aria-label="Lifecycle">
        {VIEW_LABELS.map(([type, label]) => (
          <button key={type} type="button" aria-pressed={viewType === type} onClick={() => onViewTypeChange(type)}>
            {label}
          </button>
        ))}
      </div>
    </div>
  );
}
