import { apiFetchRaw, toQueryString } from '../../../lib/api-client';
import { fetchArtifactText as fetchTextAt, useArtifactText as useTextAt, type ReadMode } from '../../../components/artifact-preview/artifact-text';

export type { ArtifactText, ReadMode } from '../../../components/artifact-preview/artifact-text';

/** URL of one artifact file, for downloads, <img src> and fetches. */
export function artifactUrl(runId: string, path: string): string {
  return `/get-artifact${toQueryString({ run_uuid: runId, path })}`;
}

/** URL of an HTML artifact for the sandboxed preview frame (the server adds its own sandbox CSP). */
export function artifactPreviewUrl(runId: string, path: string): string {
  return `/get-artifact${toQueryString({ run_uuid: runId, path, preview: 'html' })}`;
}

/** Opens the artifact's response (GET /get-artifact); the caller reads the body as it needs. */
export function fetchArtifact(runId: string, path: string, signal?: AbortSignal, headers?: Record<string, string>): Promise<Response> {
  return apiFetchRaw(artifactUrl(runId, path), { signal, headers });
}

/** Text of a run's artifact (see components/artifact-preview/artifact-text). */
export function fetchArtifactText(runId: string, path: string, mode: ReadMode, limit: number, signal?: AbortSignal) {
  return fetchTextAt(artifactUrl(runId, path), mode, limit, signal);
}

export function useArtifactText(runId: string, path: string, mode: ReadMode, limit: number) {
  return useTextAt(artifactUrl(runId, path), mode, limit);
}
