// Reads an artifact file's text from its URL (a run's /get-artifact, a logged model's
// artifacts/files): all of it, its head, or its tail through a Range request.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetchRaw } from '../../lib/api-client';
import { decodeHead, decodeTail, readHead, readTail } from './read-stream';

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
 * Text of the file at `url`. `head` stops downloading after `limit` bytes; `tail` asks for the
 * last `limit` bytes with a Range request and, when the server ignores it, streams the file
 * keeping only its end in memory.
 */
export async function fetchArtifactText(url: string, mode: ReadMode, limit: number, signal?: AbortSignal): Promise<ArtifactText> {
  const response = await apiFetchRaw(url, { signal, headers: mode === 'tail' ? { Range: `bytes=-${limit}` } : undefined });
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

export const artifactTextQueryOptions = (url: string, mode: ReadMode, limit: number) =>
  queryOptions({
    queryKey: ['artifact-text', url, mode, limit] as const,
    queryFn: ({ signal }) => fetchArtifactText(url, mode, limit, signal),
    staleTime: 5 * 60_000,
    gcTime: 60_000,
  });

export function useArtifactText(url: string, mode: ReadMode, limit: number) {
  return useQuery(artifactTextQueryOptions(url, mode, limit));
}
