import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetchRaw, toQueryString } from '../../../lib/api-client';
import { decodeHead, decodeTail, readHead, readTail } from '../utils/read-stream';

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

export type ReadMode = 'full' | 'head' | 'tail';

export interface ArtifactText {
  text: string;
  /** Only part of the file is shown (the head or the tail). */
  partial: boolean;
  mode: ReadMode;
  /** Bytes the text came from. */
  bytesShown: number;
}

/**
 * Text of an artifact. `head` stops downloading after `limit` bytes; `tail` asks for the last
 * `limit` bytes with a Range request and, when the server ignores it, streams the file keeping
 * only its end in memory.
 */
export async function fetchArtifactText(runId: string, path: string, mode: ReadMode, limit: number, signal?: AbortSignal): Promise<ArtifactText> {
  const response = await fetchArtifact(runId, path, signal, mode === 'tail' ? { Range: `bytes=-${limit}` } : undefined);
  const body = response.body;
  if (!body) {
    const text = await response.text();
    return { text, partial: false, mode: 'full', bytesShown: text.length };
  }
  if (mode === 'tail') {
    const ranged = response.status === 206;
    const slice = await readTail(body, limit);
    const partial = ranged || slice.partial;
    return { text: decodeTail({ ...slice, partial }), partial, mode, bytesShown: slice.bytes.byteLength };
  }
  const slice = await readHead(body, mode === 'head' ? limit : Number.MAX_SAFE_INTEGER);
  return { text: decodeHead(slice), partial: slice.partial, mode, bytesShown: slice.bytes.byteLength };
}

export const artifactTextQueryOptions = (runId: string, path: string, mode: ReadMode, limit: number) =>
  queryOptions({
    queryKey: ['run-detail', 'artifact-text', runId, path, mode, limit] as const,
    queryFn: ({ signal }) => fetchArtifactText(runId, path, mode, limit, signal),
    staleTime: 5 * 60_000,
    gcTime: 60_000,
  });

export function useArtifactText(runId: string, path: string, mode: ReadMode, limit: number) {
  return useQuery(artifactTextQueryOptions(runId, path, mode, limit));
}
