// GET logged-models/{model_id}/artifacts/directories, and the URL of
// GET logged-models/{model_id}/artifacts/files (MLflow 3).
import { useQuery } from '@tanstack/react-query';
import { API_BASE, apiGet, toQueryString, wireInt } from '../../../lib/api-client';
import type { FileInfo } from '../../../lib/mlflow/wire-types';
import { loggedModelKeys } from '../logged-model';

export interface LoggedModelArtifact {
  path: string;
  name: string;
  isDir: boolean;
  size: number | undefined;
}

/** One folder's entries, folders first. */
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

/** URL of one file of the model, for links and downloads. */
export function loggedModelArtifactUrl(modelId: string, path: string): string {
  return `${API_BASE}/logged-models/${encodeURIComponent(modelId)}/artifacts/files${toQueryString({ artifact_file_path: path })}`;
}
