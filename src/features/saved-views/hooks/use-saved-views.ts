// Saved views are experiment tags: selected from the experiments entity's experiments/get query
// and written through its set-experiment-tag / delete-experiment-tag modules (plain MLflow
// routes, so views work through --proxy-to). The header and the view picker share one request.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { deleteExperimentTag } from '../../../entities/experiments/api/delete-experiment-tag';
import { getExperimentQueryOptions } from '../../../entities/experiments/api/get-experiment';
import { setExperimentTag } from '../../../entities/experiments/api/set-experiment-tag';
import { experimentsKeys, type Experiment } from '../../../entities/experiments/experiment-model';
import { decodeSavedView, encodeSavedView, SHARED_VIEW_TAG_PREFIX, type SavedView } from '../utils/shared-view-state';

export function savedViewsOf(experiment: Experiment): SavedView[] {
  return experiment.tags
    .map((tag) => decodeSavedView(tag.key, tag.value))
    .filter((view): view is SavedView => view !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function useSavedViews(experimentId: string) {
  return useQuery({ ...getExperimentQueryOptions(experimentId), select: savedViewsOf });
}

function useInvalidateExperiments() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: experimentsKeys.all });
}

export function useWriteSavedView(experimentId: string) {
  const invalidate = useInvalidateExperiments();
  return useMutation({
    mutationFn: async (view: SavedView) => {
      await setExperimentTag({ experimentId, key: `${SHARED_VIEW_TAG_PREFIX}${view.id}`, value: encodeSavedView(view) });
      return view;
    },
    meta: { errorMessage: 'Could not save the view' },
    onSettled: invalidate,
  });
}

export function useDeleteSavedView(experimentId: string) {
  const invalidate = useInvalidateExperiments();
  return useMutation({
    mutationFn: (id: string) => deleteExperimentTag({ experimentId, key: `${SHARED_VIEW_TAG_PREFIX}${id}` }),
    meta: { errorMessage: 'Could not delete the view' },
    onSettled: invalidate,
  });
}
