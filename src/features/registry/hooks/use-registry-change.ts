// Applies a promotion (stage transition, alias set/move/removal) optimistically to every cached
// view of the model (its pages and its rows in the models list), rolls back with a toast carrying the server's reason when it is refused,
// and refetches the model's queries once settled so every page shows the server's truth.
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { errorMessage } from '../../../components/error-view';
import { useToast } from '../../../components/toast';
import type { StageCountsResult } from '../../../entities/registry/api/count-versions-by-stage';
import { deleteRegisteredModelAlias } from '../../../entities/registry/api/delete-registered-model-alias';
import { invalidateModel } from '../../../entities/registry/invalidate-registry';
import { registryKeys, type RegistryModel, type RegistryVersion } from '../../../entities/registry/registry-model';
import type { RegisteredModelsPage } from '../../../entities/registry/api/search-registered-models';
import { setRegisteredModelAlias } from '../../../entities/registry/api/set-registered-model-alias';
import { transitionModelVersionStage } from '../../../entities/registry/api/transition-model-version-stage';
import {
  applyChangeToAliases,
  applyChangeToLatest,
  applyChangeToVersion,
  changeDoneMessage,
  changeTitle,
  type RegistryChange,
} from '../utils/registry-change';
import { countByStage } from '../../../entities/registry/stage-counts';

async function sendChange(name: string, change: RegistryChange): Promise<void> {
  switch (change.kind) {
    case 'stage':
      await transitionModelVersionStage({ name, version: change.version, stage: change.stage, archiveExistingVersions: change.archiveExisting });
      return;
    case 'set-alias':
      await setRegisteredModelAlias({ name, alias: change.alias, version: change.version });
      return;
    case 'delete-alias':
      await deleteRegisteredModelAlias({ name, alias: change.alias });
      return;
  }
}

interface ChangeContext {
  snapshot: [QueryKey, unknown][];
  title: string;
}

export function useRegistryChange(name: string) {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation<void, Error, RegistryChange, ChangeContext>({
    mutationFn: (change) => sendChange(name, change),
    onMutate: async (change) => {
      const modelKey = registryKeys.model(name);
      const listKey = registryKeys.models();
      // No refetch in flight may overwrite the optimistic state with the old one.
      await Promise.all([queryClient.cancelQueries({ queryKey: modelKey }), queryClient.cancelQueries({ queryKey: listKey })]);
      const snapshot = [...queryClient.getQueriesData({ queryKey: modelKey }), ...queryClient.getQueriesData({ queryKey: listKey })];
      const model = queryClient.getQueryData<RegistryModel>(registryKeys.modelDetail(name));
      const title = changeTitle(change, model?.aliases);

      const versions = queryClient.getQueryData<RegistryVersion[]>(registryKeys.versions(name));
      const changedVersions = versions?.map((version) => applyChangeToVersion(version, change));
      const applyToModel = (old: RegistryModel): RegistryModel => ({
        ...old,
        aliases: applyChangeToAliases(old.aliases, change),
        latestVersions: applyChangeToLatest(old.latestVersions, versions, change),
      });
      queryClient.setQueryData<RegistryVersion[]>(registryKeys.versions(name), changedVersions);
      queryClient.setQueryData<RegistryModel>(registryKeys.modelDetail(name), (old) => (old ? applyToModel(old) : old));
      queryClient.setQueriesData<RegistryVersion>({ queryKey: registryKeys.versionDetails(name) }, (old) =>
        old && typeof old === 'object' && 'stage' in old ? applyChangeToVersion(old, change) : old,
      );
      // The models list shows the change too if the user goes back to it before the server answers.
      queryClient.setQueriesData<RegisteredModelsPage>({ queryKey: registryKeys.modelsSearches() }, (old) =>
        old?.models.some((item) => item.name === name)
          ? { ...old, models: old.models.map((item) => (item.name === name ? applyToModel(item) : item)) }
          : old,
      );
      if (changedVersions) {
        queryClient.setQueriesData<StageCountsResult>({ queryKey: registryKeys.allStageCounts() }, (old) =>
          old?.supported && old.counts.has(name)
            ? { supported: true, counts: new Map(old.counts).set(name, countByStage(changedVersions)) }
            : old,
        );
      }
      return { snapshot, title };
    },
    onError: (error, change, context) => {
      for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data);
      toast.error(`${context?.title ?? changeTitle(change)} failed and was undone: ${errorMessage(error)}`);
    },
    onSuccess: (_data, change) => toast.success(changeDoneMessage(change)),
    onSettled: () => invalidateModel(queryClient, name),
  });
}
