// Artifacts in a local folder. Every path is resolved inside the root and checked again after
// resolution, so nothing can read or write outside it.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { invalidParameter, notFound } from '../http/mlflow-error.js';
import type { ArtifactEntry, ArtifactStore } from './artifact-store.js';

export class LocalArtifactStore implements ArtifactStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private resolveInside(path: string): string {
    const full = resolve(join(this.root, path));
    if (full !== this.root && !full.startsWith(this.root + sep)) {
      throw invalidParameter(`Invalid path: ${path}`);
    }
    return full;
  }

  async write(path: string, body: Readable): Promise<void> {
    const full = this.resolveInside(path);
    await mkdir(dirname(full), { recursive: true });
    // Write to a temporary name first so a broken upload never leaves a half file behind.
    const temporary = `${full}.upload-${process.pid}-${Date.now()}`;
    try {
      await pipeline(body, createWriteStream(temporary));
      const { rename } = await import('node:fs/promises');
      await rename(temporary, full);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async read(path: string): Promise<{ stream: Readable; size: number }> {
    const full = this.resolveInside(path);
    const info = await stat(full).catch(() => undefined);
    if (!info?.isFile()) throw notFound(`No such file: ${path}`);
    return { stream: createReadStream(full), size: info.size };
  }

  async list(path: string): Promise<ArtifactEntry[] | undefined> {
    const full = this.resolveInside(path);
    const info = await stat(full).catch(() => undefined);
    if (!info?.isDirectory()) return undefined;
    const names = await readdir(full, { withFileTypes: true });
    const entries: ArtifactEntry[] = [];
    for (const entry of names) {
      if (entry.name.includes('.upload-')) continue;
      const childPath = path === '' ? entry.name : `${path}/${entry.name}`;
      if (entry.isDirectory()) entries.push({ path: childPath, isDir: true });
      else {
        const size = (await stat(join(full, entry.name))).size;
        entries.push({ path: childPath, isDir: false, ...(size > 0 ? { fileSize: size } : {}) });
      }
    }
    return entries.sort((a, b) => a.path.localeCompare(b.path));
  }

  async delete(path: string): Promise<void> {
    await rm(this.resolveInside(path), { recursive: true, force: true });
  }
}
