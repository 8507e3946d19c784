// Runs of a logged model's experiment that logged it as an output or took it as an input. MLflow
// has no search by model and runs/search leaves out model inputs and outputs, so the experiment's
// most recent runs are listed (the runs entity's runs/search) and read one by one (its runs/get),
// a few at a time.
import { useQuery } from '@tanstack/react-query';
import { getRun } from '../../runs/api/get-run';
import { searchRuns } from '../../runs/api/search-runs';
import type { Run } from '../../runs/run-model';
import { loggedModelKeys } from '../logged-model';

const RECENT_RUNS_CHECKED = 100;
const RUNS_GET_CONCURRENCY = 6;

export async function searchRunsOfModel(experimentId: string, modelId: string, signal?: AbortSignal): Promise<{ runs: Run[]; truncated: boolean }> {
  const page = await searchRuns(
    { experimentIds: [experimentId], filter: '', runViewType: 'ALL', orderBy: [], maxResults: RECENT_RUNS_CHECKED },
    signal,
  );
  const ids = page.runs.map((run) => run.runId);
  const full: Run[] = [];
  for (let start = 0; start < ids.length; start += RUNS_GET_CONCURRENCY) {
    const batch = ids.slice(start, start + RUNS_GET_CONCURRENCY);
    full.push(...(await Promise.all(batch.map((runId) => getRun(runId, signal)))));
  }
  return { runs: full.filter((run) => run.modelInputIds.includes(modelId) || run.modelOutputIds.includes(modelId)), truncated: page.nextPageToken !== undefined };
}

export function useRunsOfModel(experimentId: string, modelId: string) {
  return useQuery({
    queryKey: loggedModelKeys.usingRuns(experimentId, modelId),
    queryFn: ({ signal }) => searchRunsOfModel(experimentId, modelId, signal),
  });
}
