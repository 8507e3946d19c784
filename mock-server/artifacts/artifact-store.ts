import type { Readable } from 'node:stream';

/** One artifact folder entry; `path` is relative to the store root. */
export interface ArtifactEntry {
  path: string;
  isDir: boolean;
  /** Omitted for folders and for empty files, as MLflow does. */
  fileSize?: number;
}

export interface WriteOptions {
  /** Refuse (400) a body longer than this many bytes; nothing is written. */
  maxBytes?: number;
  /** Leave any existing file alone and report `written: false` when the body is empty. */
  requireData?: boolean;
}

/**
 * Where artifact bytes live. Paths are relative to the store's root, use `/`, and have already
 * passed `safeArtifactPath` (no `..`, no absolute paths); stores check containment again.
 */
export interface ArtifactStore {
  /** Streams `body` into a file (parent folders implied); a failed upload leaves no half file. */
  write(path: string, body: Readable, options?: WriteOptions): Promise<{ size: number; written: boolean }>;
  /** Throws RESOURCE_DOES_NOT_EXIST (404) when there is no file at `path`. */
  read(path: string): Promise<{ stream: Readable; size: number }>;
  /** Immediate children of a folder; `undefined` when `path` is a file or does not exist. */
  list(path: string): Promise<ArtifactEntry[] | undefined>;
  /** What is at `path`, if anything. */
  kind(path: string): Promise<'file' | 'dir' | undefined>;
  /** Deletes a file or a whole folder; deleting nothing succeeds. The root cannot be deleted. */
  delete(path: string): Promise<void>;
  /** Releases connections (an S3 client's sockets); the store is not used afterwards. */
  close?(): void;
}
