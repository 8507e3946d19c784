import type { Readable } from 'node:stream';

/** One artifact folder entry, as `artifacts/list` reports it (path relative to the listed root). */
export interface ArtifactEntry {
  path: string;
  isDir: boolean;
  fileSize?: number;
}

/**
 * Where artifact bytes live. Paths are relative to the store's root, use `/`, and have already
 * passed `validateArtifactPath` (no `..`, no absolute paths).
 */
export interface ArtifactStore {
  write(path: string, body: Readable): Promise<void>;
  /** Throws RESOURCE_DOES_NOT_EXIST (404) when there is no file at `path`. */
  read(path: string): Promise<{ stream: Readable; size: number }>;
  /** Immediate children of a folder; `undefined` when `path` is a file or does not exist. */
  list(path: string): Promise<ArtifactEntry[] | undefined>;
  /** Deletes a file or a whole folder; deleting nothing succeeds. */
  delete(path: string): Promise<void>;
}
