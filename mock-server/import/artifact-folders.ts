// Finding a run's artifacts on disk for the file-store and SQLite sources, and listing them.
import { createReadStream, existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceArtifact } from './source-model.js';

/**
 * Where a run's artifact URI points on this machine: `file:` URIs and absolute paths as they are,
 * `mlflow-artifacts:/<path>` (a tracking server's proxied store) under `artifactsRoot`. The first
 * candidate that exists wins; `fallback` (e.g. `<mlruns>/<exp>/<run>/artifacts`) covers a moved folder.
 */
export function localArtifactFolder(
  artifactUri: string,
  artifactsRoot: string | undefined,
  fallback: string | undefined,
): string | undefined {
  const candidates: string[] = [];
  if (artifactUri.startsWith('mlflow-artifacts:')) {
    const path = artifactUri
      .slice('mlflow-artifacts:'.length)
      .replace(/^\/\/[^/]*/, '')
      .replace(/^\/+/, '');
    if (artifactsRoot) candidates.push(join(artifactsRoot, path));
  } else if (/^file:/i.test(artifactUri)) {
    candidates.push(fileURLToPath(artifactUri));
  } else if (isAbsolute(artifactUri)) {
    candidates.push(artifactUri);
  }
  if (fallback) candidates.push(fallback);
  return candidates.find((candidate) => existsSync(candidate));
}

/** Every file under `folder`, with paths relative to it. */
export async function listArtifactFiles(folder: string | undefined): Promise<SourceArtifact[]> {
  if (!folder) return [];
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files: SourceArtifact[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const info = await stat(full);
    files.push({ path: relative(folder, full).split(sep).join('/'), size: info.size, open: () => Promise.resolve(createReadStream(full)) });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
