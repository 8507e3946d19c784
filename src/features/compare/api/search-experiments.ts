// POST experiments/search: every experiment id (active and deleted), because runs/search needs
// experiment ids and the compare URL names runs only.
import { apiPost } from '../../../lib/api-client';
import type { Experiment } from '../../../lib/mlflow/wire-types';

export async function searchAllExperimentIds(signal?: AbortSignal): Promise<string[]> {
  const ids: string[] = [];
  let pageToken: string | undefined;
  do {
    const response = await apiPost<{ experiments?: Experiment[]; next_page_token?: string }>(
      '/experiments/search',
      { max_results: 1000, view_type: 'ALL', page_token: pageToken },
      { signal },
    );
    ids.push(...(response.experiments ?? []).map((experiment) => experiment.experiment_id));
    pageToken = response.next_page_token || undefined;
  } while (pageToken);
  return ids;
}
