// Artifacts in a local folder. Paths arrive validated (artifact-path.ts); here every path is
// resolved under the root and checked again, lexically and through realpath (so a symlink placed
// inside the root cannot lead outside it). Uploads stream into a temporary file next to the
// target and are renamed into place only when complete.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { invalidParameter, notFound, type MlflowError } from '../errors.js';
import { invalidPath } from './artifact-path.js';
import { BodyTooLarge, ByteCounter } from './byte-counter.js';
import type { ArtifactEntry, ArtifactStore, WriteOptions } from './artifact-store.js';

/** Prefix of in-progress uploads; such files are never listed. */
const TEMPORARY_PREFIX = '.runboard-upload-';

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/** A folder on the way is a symlink to nothing (or a loop): said without the server's paths. */
function brokenLink(path: string): MlflowError {
  return invalidParameter(`Cannot write '${path}': a folder on its path is a broken link.`);
}

export class LocalArtifactStore implements ArtifactStore {
  readonly root: string;
  private realRoot: string | undefined;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Lexical containment: the absolute path of `path`, refused if it leaves the root. */
  fullPath(path: string): string {
    if (path.includes('\0') || path.includes('\\')) throw invalidPath();
    const full = resolve(join(this.root, path));
    if (full !== this.root && !full.startsWith(this.root + sep)) throw invalidPath();
    return full;
  }

  private async ensureRoot(): Promise<string> {
    if (this.realRoot === undefined) {
      await mkdir(this.root, { recursive: true });
      this.realRoot = await realpath(this.root);
    }
    return this.realRoot;
  }

  /** Checks that the deepest existing ancestor of `full` really lies inside the root. */
  private async checkReal(full: string): Promise<void> {
    const realRoot = await this.ensureRoot();
    let probe = full;
    for (;;) {
      try {
        const real = await realpath(probe);
        if (real !== realRoot && !real.startsWith(realRoot + sep)) throw invalidPath();
        return;
      } catch (error) {
        if (errorCode(error) !== 'ENOENT' && errorCode(error) !== 'ENOTDIR') throw error;
        const parent = dirname(probe);
        if (parent === probe) return;
        probe = parent;
      }
    }
  }

  private async resolveInside(path: string): Promise<string> {
    const full = this.fullPath(path);
    await this.checkReal(full);
    return full;
  }

  async write(path: string, body: Readable, options: WriteOptions = {}): Promise<{ size: number; written: boolean }> {
    const full = await this.resolveInside(path);
    if (full === this.root) throw invalidPath();
    try {
      await mkdir(dirname(full), { recursive: true });
    } catch (error) {
      if (errorCode(error) === 'EEXIST' || errorCode(error) === 'ENOTDIR') {
        throw invalidParameter(`Cannot write '${path}': part of its folder path is a file.`);
      }
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ELOOP') throw brokenLink(path);
      throw error;
    }
    await this.checkReal(dirname(full));
    const temporary = join(dirname(full), `${TEMPORARY_PREFIX}${randomBytes(8).toString('hex')}`);
    const counter = new ByteCounter(options.maxBytes ?? Number.POSITIVE_INFINITY);
    try {
      await pipeline(body, counter, createWriteStream(temporary, { flags: 'wx' }));
      if (options.requireData && counter.bytes === 0) {
        await rm(temporary, { force: true });
        return { size: 0, written: false };
      }
      await rename(temporary, full);
      return { size: counter.bytes, written: true };
    } catch (error) {
      await rm(temporary, { force: true });
      if (error instanceof BodyTooLarge) {
        throw invalidParameter(`Artifact size is too large. Max size is ${String(options.maxBytes)} bytes.`);
      }
      if (errorCode(error) === 'EISDIR' || errorCode(error) === 'ENOTEMPTY' || errorCode(error) === 'EEXIST') {
        throw invalidParameter(`Cannot write '${path}': a folder of that name exists.`);
      }
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ELOOP') throw brokenLink(path);
      throw error;
    }
  }

  async read(path: string): Promise<{ stream: Readable; size: number }> {
    const full = await this.resolveInside(path);
    const info = await stat(full).catch(() => undefined);
    if (!info?.isFile()) throw notFound(`No such file: '${path}'`);
    return { stream: createReadStream(full), size: info.size };
  }

  async kind(path: string): Promise<'file' | 'dir' | undefined> {
    const full = await this.resolveInside(path);
    const info = await stat(full).catch(() => undefined);
    if (info?.isFile()) return 'file';
    if (info?.isDirectory()) return 'dir';
    return undefined;
  }

  async list(path: string): Promise<ArtifactEntry[] | undefined> {
    const full = await this.resolveInside(path);
    const info = await stat(full).catch(() => undefined);
    if (!info?.isDirectory()) return undefined;
    const children = await readdir(full, { withFileTypes: true });
    const entries = await Promise.all(
      children
        .filter((child) => !child.name.startsWith(TEMPORARY_PREFIX) && (child.isFile() || child.isDirectory()))
        .map(async (child): Promise<ArtifactEntry | undefined> => {
          const childPath = path === '' ? child.name : `${path}/${child.name}`;
          if (child.isDirectory()) return { path: childPath, isDir: true };
          const size = (await lstat(join(full, child.name)).catch(() => undefined))?.size;
          if (size === undefined) return undefined;
          return { path: childPath, isDir: false, ...(size > 0 ? { fileSize: size } : {}) };
        }),
    );
    return entries
      .filter((entry): entry is ArtifactEntry => entry !== undefined)
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async delete(path: string): Promise<void> {
    const full = await this.resolveInside(path);
    if (full === this.root) throw invalidPath();
    await rm(full, { recursive: true, force: true });
  }
}
