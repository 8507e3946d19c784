// Saved views are experiment tags: read with experiments/get, written with set-experiment-tag,
// removed with delete-experiment-tag (all plain MLflow routes, so views work through --proxy-to).
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost } from '../../../lib/api-client';
import type { Experiment as WireExperiment } from '../../../lib/mlflow/wire-types';
import { decodeSavedView, encodeSavedView, SHARED_VIEW_TAG_PREFIX, type SavedView } from '../utils/shared-view-state';

export const savedViewKeys = {
  list: (experimentId: string) => ['saved-views', experimentId] as const,
};

export async function listSavedViews(experimentId: string, signal?: AbortSignal): Promise<SavedView[]> {
  const response = await apiGet<{ experiment: WireExperiment }>('/experiments/get', { experiment_id: experimentId }, { signal });
  return (response.experiment.tags ?? [])
    .map((tag) => decodeSavedView(tag.key, tag.value ?? ''))
    .filter((view): view is SavedView => view !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
}

export const savedViewsQuery = (experimentId: string) =>
  queryOptions({ queryKey: savedViewKeys.list(experimentId), queryFn: ({ signal }) => listSavedViews(experimentId, signal) });

export function useSavedViews(experimentId: string) {
  return useQuery(savedViewsQuery(experimentId));
}

export async function writeSavedView(experimentId: string, view: SavedView): Promise<SavedView> {
  await apiPost('/experiments/set-experiment-tag', { experiment_id: experimentId, key: `${SHARED_VIEW_TAG_PREFIX}${view.id}`, value: encodeSavedView(view) });
  return view;
}

export async function deleteSavedView(experimentId: string, id: string): Promise<void> {
  await apiPost('/experiments/delete-experiment-tag', { experiment_id: experimentId, key: `${SHARED_VIEW_TAG_PREFIX}${id}` });
}

function useInvalidateViews(experimentId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: savedViewKeys.list(experimentId) });
    // The experiment header lists tags too.
    void queryClient.invalidateQueries({ queryKey: ['experiments'] });
  };
}

export function useWriteSavedView(experimentId: string) {
  const invalidate = useInvalidateViews(experimentId);
  return useMutation({
    mutationFn: (view: SavedView) => writeSavedView(experimentId, view),
    meta: { errorMessage: 'Could not save the view' },
    onSettled: invalidate,
  });
}

export function useDeleteSavedView(experimentId: string) {
  const invalidate = useInvalidateViews(experimentId);
  return useMutation({
    mutationFn: (id: string) => deleteSavedView(experimentId, id),
    meta: { errorMessage: 'Could not delete the view' },
    onSettled: invalidate,
  });
}
