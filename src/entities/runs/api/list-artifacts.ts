// GET artifacts/list: the entries of one folder of a run's artifacts (run page, registry MLmodel check).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet, wireInt } from '../../../lib/api-client';
import type { FileInfo } from '../../../lib/mlflow/wire-types';
import { runKeys } from '../run-keys';

export interface ArtifactEntry {
  /** Relative to the run's artifact root, e.g. `model/MLmodel`. */
  path: string;
  name: string;
  isDir: boolean;
  size: number | undefined;
}

export function toArtifactEntry(file: FileInfo): ArtifactEntry {
  const name = file.path.split('/').pop() ?? file.path;
  return { path: file.path, name, isDir: Boolean(file.is_dir), size: wireInt(file.file_size) };
}

/** Directories first, then by name. */
export function sortArtifacts(entries: ArtifactEntry[]): ArtifactEntry[] {
  return [...entries].sort((a, b) => (a.isDir === b.isDir ? a.name.localeCompare(b.name) : a.isDir ? -1 : 1));
}

/** Immediate children of one artifact folder ('' = root). */
export async function listArtifacts(runId: string, path: string, signal?: AbortSignal): Promise<ArtifactEntry[]> {
  const response = await apiGet<{ root_uri?: string; files?: FileInfo[] }>('/artifacts/list', { run_id: runId, path: path || undefined }, { signal });
  return sortArtifacts((response.files ?? []).map(toArtifactEntry));
}

export const listArtifactsQueryOptions = (runId: string, path: string) =>
  queryOptions({
    queryKey: runKeys.artifacts(runId, path),
    queryFn: ({ signal }) => listArtifacts(runId, path, signal),
  });

export function useArtifacts(runId: string, path: string, enabled = true) {
  return useQuery({ ...listArtifactsQueryOptions(runId, path), enabled });
}
