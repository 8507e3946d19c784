// The run page's view of a run: the runs entity's runs/get query, selected into lists for tables.
import { useQuery } from '@tanstack/react-query';
import { getRunQueryOptions } from '../../../entities/runs/api/get-run';
import { toRunView } from '../api/run-model';

export function useRun(runId: string | undefined) {
  return useQuery({ ...getRunQueryOptions(runId ?? ''), enabled: Boolean(runId), select: toRunView });
}
