// Breadcrumb labels that need data: names come from the same queries the pages use (cached).
import { useExperiment } from '../../entities/experiments/api/get-experiment';
import { useRun } from '../../entities/runs/api/get-run';

export function ExperimentCrumb({ id }: { id: string }) {
  const { data } = useExperiment(id);
  return <>{data?.name ?? `Experiment ${id}`}</>;
}

export function ExperimentsCrumb({ ids }: { ids: string[] }) {
  if (ids.length === 1 && ids[0] !== undefined) return <ExperimentCrumb id={ids[0]} />;
  return <>{ids.length} experiments</>;
}

export function RunCrumb({ runId }: { runId: string }) {
  const { data } = useRun(runId);
  return <>{data?.name ?? runId.slice(0, 8)}</>;
}
