import type { ModelStage } from '../../../lib/mlflow/wire-types';

const STAGE_CLASS: Readonly<Record<ModelStage, string>> = {
  Production: 'stage-badge stage-production',
  Staging: 'stage-badge stage-staging',
  Archived: 'stage-badge stage-archived',
  None: 'stage-badge stage-none',
};

/** A version's stage; "None" reads as "No stage". */
export function StageBadge({ stage, count }: { stage: ModelStage; count?: number }) {
  const label = stage === 'None' ? 'No stage' : stage;
  return (
    <span className={STAGE_CLASS[stage]} data-stage={stage}>
      {label}
      {count !== undefined && <span className="stage-badge-count">{count}</span>}
    </span>
  );
}
