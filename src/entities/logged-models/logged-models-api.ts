// One client function per logged-models endpoint (MLflow 3), with their query options and hooks.
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost, MlflowApiError, toQueryString, API_BASE, wireInt } from '../../lib/api-client';
import type { FileInfo, ModelVersion, Run } from '../../lib/mlflow/wire-types';
import { loggedModelKeys, toLoggedModel, type LoggedModel, type LoggedModelWire } from './logged-model';

export const LOGGED_MODELS_PAGE_SIZE = 100;

export interface LoggedModelsPage {
  models: LoggedModel[];
  nextPageToken: string | undefined;
}

/** `created DESC` etc.: the order the UI offers, as MLflow's order_by objects. */
export type LoggedModelOrder = 'created-desc' | 'created-asc' | 'name-asc';

const ORDER_BY: Readonly<Record<LoggedModelOrder, { field_name: string; ascending: boolean }>> = {
  'created-desc': { field_name: 'creation_timestamp', ascending: false },
  'created-asc': { field_name: 'creation_timestamp', ascending: true },
  'name-asc': { field_name: 'name', ascending: true },
};

/** POST logged-models/search */
export async function searchLoggedModels(
  experimentIds: readonly string[],
  filter: string,
  order: LoggedModelOrder,
  signal?: AbortSignal,
): Promise<LoggedModelsPage> {
  const response = await apiPost<{ models?: LoggedModelWire[]; next_page_token?: string }>(
    '/logged-models/search',
    { experiment_ids: experimentIds, filter: filter || undefined, order_by: [ORDER_BY[order]], max_results: LOGGED_MODELS_PAGE_SIZE },
    { signal },
  );
  return { models: (response.models ?? []).map(toLoggedModel), nextPageToken: response.next_page_token || undefined };
}

export const searchLoggedModelsQuery = (experimentIds: readonly string[], filter: string, order: LoggedModelOrder) =>
  queryOptions({
    queryKey: loggedModelKeys.search(experimentIds, filter, order),
    queryFn: ({ signal }) => searchLoggedModels(experimentIds, filter, order, signal),
    placeholderData: keepPreviousData,
  });

export function useSearchLoggedModels(experimentIds: readonly string[], filter: string, order: LoggedModelOrder) {
  return useQuery(searchLoggedModelsQuery(experimentIds, filter, order));
}

/** GET logged-models/{model_id} */
export async function getLoggedModel(modelId: string, signal?: AbortSignal): Promise<LoggedModel> {
  const response = await apiGet<{ model: LoggedModelWire }>(`/logged-models/${encodeURIComponent(modelId)}`, {}, { signal });
  return toLoggedModel(response.model);
}

export const loggedModelQuery = (modelId: string) =>
  queryOptions({ queryKey: loggedModelKeys.detail(modelId), queryFn: ({ signal }) => getLoggedModel(modelId, signal) });

export function useLoggedModel(modelId: string) {
  return useQuery(loggedModelQuery(modelId));
}

export interface LoggedModelArtifact {
  path: string;
  name: string;
  isDir: boolean;
  size: number | undefined;
}

/** GET logged-models/{model_id}/artifacts/directories: one folder's entries, folders first. */
export async function listLoggedModelArtifacts(modelId: string, path: string, signal?: AbortSignal): Promise<LoggedModelArtifact[]> {
  const response = await apiGet<{ files?: FileInfo[] }>(
    `/logged-models/${encodeURIComponent(modelId)}/artifacts/directories`,
    { artifact_directory_path: path || undefined },
    { signal },
  );
  return (response.files ?? [])
    .map((file) => ({ path: file.path, name: file.path.split('/').pop() ?? file.path, isDir: Boolean(file.is_dir), size: wireInt(file.file_size) }))
    .sort((a, b) => (a.isDir === b.isDir ? a.name.localeCompare(b.name) : a.isDir ? -1 : 1));
}

export function useLoggedModelArtifacts(modelId: string, path: string, enabled = true) {
  return useQuery({
    queryKey: loggedModelKeys.artifacts(modelId, path),
    queryFn: ({ signal }) => listLoggedModelArtifacts(modelId, path, signal),
    enabled,
  });
}

/** URL of one file of the model (GET logged-models/{model_id}/artifacts/files). */
export function loggedModelArtifactUrl(modelId: string, path: string): string {
  return `${API_BASE}/logged-models/${encodeURIComponent(modelId)}/artifacts/files${toQueryString({ artifact_file_path: path })}`;
}

const RECENT_RUNS_CHECKED = 100;
const RUNS_GET_CONCURRENCY = 6;

/**
 * Runs of the model's experiment that logged it as an output or took it as an input. MLflow has
 * no search by model and runs/search leaves out model inputs and outputs, so the experiment's
 * most recent runs are read one by one (runs/get), a few at a time.
 */
export async function searchRunsOfModel(experimentId: string, modelId: string, signal?: AbortSignal): Promise<{ runs: Run[]; truncated: boolean }> {
  const response = await apiPost<{ runs?: Run[]; next_page_token?: string }>(
    '/runs/search',
    { experiment_ids: [experimentId], max_results: RECENT_RUNS_CHECKED, run_view_type: 'ALL' },
    { signal },
  );
  const ids = (response.runs ?? []).map((run) => run.info.run_id);
  const full: Run[] = [];
  for (let start = 0; start < ids.length; start += RUNS_GET_CONCURRENCY) {
    const batch = ids.slice(start, start + RUNS_GET_CONCURRENCY);
    const runs = await Promise.all(batch.map((runId) => apiGet<{ run: Run }>('/runs/get', { run_id: runId }, { signal })));
    full.push(...runs.map((item) => item.run));
  }
  const runs = full.filter(
    (run) =>
      run.inputs?.model_inputs?.some((input) => input.model_id === modelId) === true ||
      run.outputs?.model_outputs?.some((output) => output.model_id === modelId) === true,
  );
  return { runs, truncated: response.next_page_token !== undefined };
}

export function useRunsOfModel(experimentId: string, modelId: string) {
  return useQuery({
    queryKey: loggedModelKeys.usingRuns(experimentId, modelId),
    queryFn: ({ signal }) => searchRunsOfModel(experimentId, modelId, signal),
  });
}

export interface RegisterLoggedModelInput {
  model: LoggedModel;
  registeredModelName: string;
}

/**
 * Registers the logged model as a new version: creates the registered model when it does not
 * exist, then model-versions/create with `source=models:/<model_id>` and `model_id` (MLflow 3).
 */
export async function registerLoggedModel({ model, registeredModelName }: RegisterLoggedModelInput): Promise<ModelVersion> {
  try {
    await apiPost('/registered-models/create', { name: registeredModelName });
  } catch (error) {
    if (!(error instanceof MlflowApiError && error.errorCode === 'RESOURCE_ALREADY_EXISTS')) throw error;
  }
  const response = await apiPost<{ model_version: ModelVersion }>('/model-versions/create', {
    name: registeredModelName,
    source: `models:/${model.modelId}`,
    run_id: model.sourceRunId,
    model_id: model.modelId,
  });
  return response.model_version;
}

export function useRegisterLoggedModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: registerLoggedModel,
    meta: { errorMessage: 'Could not register the model' },
    onSettled: (_version, _error, input) => {
      void queryClient.invalidateQueries({ queryKey: loggedModelKeys.detail(input.model.modelId) });
      // The registry pages read registered models and versions under their own keys.
      void queryClient.invalidateQueries({ queryKey: ['registry'] });
    },
  });
}

/** Names of registered models starting with `prefix`, for the register dialog's suggestions. */
export async function searchRegisteredModelNames(prefix: string, signal?: AbortSignal): Promise<string[]> {
  const escaped = prefix.replaceAll("'", '');
  const response = await apiGet<{ registered_models?: { name: string }[] }>(
    '/registered-models/search',
    { filter: escaped ? `name ILIKE '${escaped}%'` : undefined, max_results: 50 },
    { signal },
  );
  return (response.registered_models ?? []).map((model) => model.name);
}

export function useRegisteredModelNames(prefix: string) {
  return useQuery({
    queryKey: [...loggedModelKeys.all, 'registered-model-names', prefix] as const,
    queryFn: ({ signal }) => searchRegisteredModelNames(prefix, signal),
    placeholderData: keepPreviousData,
  });
}
