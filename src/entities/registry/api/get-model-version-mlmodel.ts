import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetchRaw, MlflowApiError, toQueryString } from '../../../lib/api-client';
import { listArtifacts } from '../../runs/api/list-artifacts';
import { summarizeMlModel, type MlModelSummary } from '../mlmodel-summary';
import { registryKeys } from '../registry-model';

export type MlModelResult =
  | { found: true; text: string; summary: MlModelSummary | undefined; parseError: string | undefined }
  | { found: false; reason: string };

/** Where a version's files live, when known: its run and source URI. */
export interface VersionLocation {
  runId: string;
  source: string;
}

/** The run artifact folder a version was registered from: `runs:/<id>/<path>` or `.../<id>/artifacts/<path>`. */
export function runArtifactFolder(location: VersionLocation): { runId: string; path: string } | undefined {
  const runs = /^runs:\/([^/]+)\/?(.*)$/.exec(location.source);
  if (runs?.[1]) return { runId: runs[1], path: (runs[2] ?? '').replace(/\/+$/, '') };
  if (!location.runId) return undefined;
  const marker = `/${location.runId}/artifacts`;
  const at = location.source.indexOf(marker);
  if (at < 0) return undefined;
  return { runId: location.runId, path: location.source.slice(at + marker.length).replace(/^\/+|\/+$/g, '') };
}

/**
 * Whether the version's folder lists an MLmodel file (GET artifacts/list), so a version without
 * one is not asked for it (no 404 in the console); undefined when the folder cannot be listed.
 */
async function listsMlModel(location: VersionLocation | undefined, signal?: AbortSignal): Promise<boolean | undefined> {
  const folder = location ? runArtifactFolder(location) : undefined;
  if (!folder) return undefined;
  try {
    const listing = await listArtifacts(folder.runId, folder.path, signal);
    const wanted = folder.path ? `${folder.path}/MLmodel` : 'MLmodel';
    return listing.some((entry) => entry.path === wanted || entry.name === 'MLmodel');
  } catch (error) {
    if (error instanceof MlflowApiError) return undefined;
    throw error;
  }
}

/** GET /model-versions/get-artifact?path=MLmodel: the version's MLmodel file, summarised. */
export async function getModelVersionMlModel(name: string, version: string, signal?: AbortSignal, location?: VersionLocation): Promise<MlModelResult> {
  if ((await listsMlModel(location, signal)) === false) return { found: false, reason: 'the version’s folder has no MLmodel file' };
  let text: string;
  try {
    const response = await apiFetchRaw(`/model-versions/get-artifact${toQueryString({ name, version, path: 'MLmodel' })}`, { signal });
    text = await response.text();
  } catch (error) {
    // Some servers answer 500 for sources they cannot resolve (MLflow 2.17 with runs:/ URIs).
    if (error instanceof MlflowApiError && (error.status === 404 || error.status === 500 || error.status === 400)) {
      return { found: false, reason: error.message };
    }
    throw error;
  }
  try {
    return { found: true, text, summary: summarizeMlModel(text), parseError: undefined };
  } catch (error) {
    return { found: true, text, summary: undefined, parseError: error instanceof Error ? error.message : String(error) };
  }
}

export const mlModelQueryOptions = (name: string, version: string, location?: VersionLocation) =>
  queryOptions({
    // The location is fixed for a version: not part of the key.
    queryKey: registryKeys.mlModel(name, version),
    queryFn: ({ signal }) => getModelVersionMlModel(name, version, signal, location),
    staleTime: 5 * 60_000,
  });

export function useMlModel(name: string, version: string, options: { enabled?: boolean; location?: VersionLocation } = {}) {
  return useQuery({ ...mlModelQueryOptions(name, version, options.location), enabled: options.enabled ?? true });
}
