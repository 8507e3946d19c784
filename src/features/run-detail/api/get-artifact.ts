import { apiFetchRaw, toQueryString } from '../../../lib/api-client';

/** URL of one artifact file, for downloads, <img src> and fetches. */
export function artifactUrl(runId: string, path: string): string {
  return `/get-artifact${toQueryString({ run_uuid: runId, path })}`;
}

/** Opens the artifact's response (GET /get-artifact); the caller reads the body as it needs. */
export function fetchArtifact(runId: string, path: string, signal?: AbortSignal): Promise<Response> {
  return apiFetchRaw(artifactUrl(runId, path), { signal });
}
