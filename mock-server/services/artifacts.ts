// Artifacts: the mlflow-artifacts proxy (paths relative to the artifact root), run artifacts
// (paths relative to a run's artifact_uri), and resolving artifact URIs to store paths.
//
// Runs and logged models carry `mlflow-artifacts:/<exp>/<run>/artifacts` style URIs; they map to
// `<artifact root>/<exp>/<run>/artifacts`. With a direct `--default-artifact-root` (`file://`,
// `s3://`) they carry URIs under that root instead, which clients write to themselves; the server
// reads them through its own store for that root, as MLflow's handlers read a run's artifact repo.
// URIs under no root this server knows (another bucket, gs://, a folder elsewhere, ...) are
// refused with a clear 400, never a 500.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { FileInfo } from '../../src/lib/mlflow/wire-types.js';
import { LocalArtifactStore } from '../artifacts/local-artifact-store.js';
import type { ArtifactEntry, ArtifactStore } from '../artifacts/artifact-store.js';
import { parseS3Uri, S3ArtifactStore } from '../artifacts/s3-artifact-store.js';
import { artifactBasename, invalidPath, joinArtifactPath, safeArtifactPath } from '../artifacts/artifact-path.js';
import { guessMimeType } from '../artifacts/mime-types.js';
import { invalidParameter, notFound } from '../errors.js';
import type { Db } from '../store/database.js';
import { findLoggedModelRow } from '../store/logged-models.js';
import { findRunRow } from '../store/runs.js';
import type { ServerContext } from './server-context.js';

export const ARTIFACTS_URI_SCHEME = 'mlflow-artifacts:';
/** The UI upload route refuses bodies above 10 MB, like MLflow. */
export const MAX_UI_UPLOAD_BYTES = 10 * 1024 * 1024;
const PROXY_PATH_MARKER = '/api/2.0/mlflow-artifacts/artifacts';

export interface RunArtifactRow {
  run_uuid: string;
  experiment_id: number;
  artifact_uri: string;
  lifecycle_stage: string;
}

/** The run row the artifact routes need; 404 like runs/get when there is none. */
export async function findRunForArtifacts(db: Db, runId: string): Promise<RunArtifactRow> {
  const row = await findRunRow(db, runId);
  if (!row) throw notFound(`Run with id=${runId} not found`);
  return row;
}

function unsupportedUri(uri: string): Error {
  return invalidParameter(
    `Artifacts at '${uri}' are not stored by this server: it only serves artifacts under its own artifact roots (mlflow-artifacts:/ URIs and the --default-artifact-root).`,
  );
}

/** An artifact URI resolved to a store of this server and a path in it. */
export interface ArtifactLocation {
  store: ArtifactStore;
  path: string;
}

/** The path part of a `mlflow-artifacts:` URI (`mlflow-artifacts:/1/x`, `mlflow-artifacts://host:5000/1/x`). */
function proxiedUriPath(uri: string): string {
  let rest = uri.slice(ARTIFACTS_URI_SCHEME.length);
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    rest = slash < 0 ? '' : rest.slice(slash);
  }
  const end = rest.search(/[?#]/);
  if (end >= 0) rest = rest.slice(0, end);
  return rest.replace(/^\/+/, '');
}

/** Every store a run's artifact URI may point into: the proxied root first, then direct roots. */
function knownStores(context: ServerContext): ArtifactStore[] {
  return [context.artifacts, ...(context.directArtifactStores ?? [])];
}

/** A local folder (path or file: URI) inside one of the local roots, as a store path. */
function localLocation(context: ServerContext, localPath: string, uri: string): ArtifactLocation {
  if (!isAbsolute(localPath)) throw unsupportedUri(uri);
  const full = resolve(localPath);
  for (const store of knownStores(context)) {
    if (!(store instanceof LocalArtifactStore)) continue;
    const root = store.root;
    if (full === root || full.startsWith(root + sep)) return { store, path: safeArtifactPath(relative(root, full).split(sep).join('/')) };
  }
  throw unsupportedUri(uri);
}

/** `s3://bucket/key` inside one of the S3 roots, as a store path. */
function s3Location(context: ServerContext, uri: string): ArtifactLocation {
  const target = parseS3Uri(uri.replace(/[?#].*$/, ''));
  if (!target) throw unsupportedUri(uri);
  for (const store of knownStores(context)) {
    if (!(store instanceof S3ArtifactStore) || store.bucket !== target.bucket) continue;
    if (store.prefix === '') return { store, path: safeArtifactPath(target.prefix) };
    if (target.prefix === store.prefix) return { store, path: '' };
    if (target.prefix.startsWith(`${store.prefix}/`)) return { store, path: safeArtifactPath(target.prefix.slice(store.prefix.length + 1)) };
  }
  throw unsupportedUri(uri);
}

export function joinLocation(location: ArtifactLocation, relativePath: string): ArtifactLocation {
  return { store: location.store, path: joinArtifactPath(location.path, relativePath) };
}

/**
 * Resolves an artifact URI to a store of this server and a path in it:
 * `mlflow-artifacts:/<path>`, `http(s)://<host>/api/2.0/mlflow-artifacts/artifacts/<path>`,
 * `runs:/<run_id>/<path>`, `models:/<logged model id>[/<path>]`, local paths or `file:` URIs
 * inside a local root, and `s3://` URIs inside an S3 root. Anything else (another bucket,
 * models:/<name>/<version>, ...) is a 400.
 */
export async function locateArtifactUri(context: ServerContext, uri: string): Promise<ArtifactLocation> {
  if (uri.startsWith(ARTIFACTS_URI_SCHEME)) return { store: context.artifacts, path: safeArtifactPath(proxiedUriPath(uri)) };
  if (uri.startsWith('runs:/')) {
    const [runId = '', ...rest] = uri.slice('runs:/'.length).replace(/^\/+/, '').split('/');
    if (runId === '') throw invalidParameter(`Invalid runs:/ URI '${uri}'.`);
    const relativePath = safeArtifactPath(rest.join('/'));
    const run = await findRunForArtifacts(context.db, runId);
    return joinLocation(await locateArtifactUri(context, run.artifact_uri), relativePath);
  }
  if (uri.startsWith('models:/')) {
    const [modelId = '', ...rest] = uri.slice('models:/'.length).replace(/^\/+/, '').split('/');
    if (!modelId.startsWith('m-')) throw unsupportedUri(uri);
    const relativePath = safeArtifactPath(rest.join('/'));
    const model = await findLoggedModelRow(context.db, modelId);
    if (!model) throw notFound(`Logged model with ID '${modelId}' not found.`);
    return joinLocation(await locateArtifactUri(context, model.artifact_location), relativePath);
  }
  if (/^https?:\/\//i.test(uri)) {
    const marker = uri.indexOf(PROXY_PATH_MARKER);
    if (marker < 0) throw unsupportedUri(uri);
    const path = uri.slice(marker + PROXY_PATH_MARKER.length).replace(/[?#].*$/, '');
    return { store: context.artifacts, path: safeArtifactPath(path.replace(/^\/+/, '')) };
  }
  if (/^s3:/i.test(uri)) return s3Location(context, uri);
  if (/^file:/i.test(uri)) {
    let localPath: string;
    try {
      localPath = fileURLToPath(uri);
    } catch {
      throw unsupportedUri(uri);
    }
    return localLocation(context, localPath, uri);
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri) && !/^[A-Za-z]:[\\/]/.test(uri)) throw unsupportedUri(uri);
  return localLocation(context, uri, uri);
}

/** The path of an artifact URI in the proxied root (the registry's and tests' view); 400 for a direct root. */
export async function resolveArtifactUri(context: ServerContext, uri: string): Promise<string> {
  const location = await locateArtifactUri(context, uri);
  if (location.store !== context.artifacts) throw unsupportedUri(uri);
  return location.path;
}

function toFileInfo(entry: ArtifactEntry, path: string): FileInfo {
  return { path, is_dir: entry.isDir, ...(entry.fileSize !== undefined ? { file_size: entry.fileSize } : {}) };
}

// ---------------------------------------------------------------------------------------------
// mlflow-artifacts proxy: paths relative to the artifact root
// ---------------------------------------------------------------------------------------------

/** Streams an upload to `<root>/<path>`; `path` has passed `artifactPathFromUrl`. */
export async function proxyUpload(context: ServerContext, path: string, body: Readable | undefined): Promise<void> {
  if (path === '') throw invalidPath();
  await context.artifacts.write(path, body ?? Readable.from([]));
}

/** `{files}` with basenames; a file or a missing folder lists as `{}`. */
export async function proxyList(context: ServerContext, path: string): Promise<{ files?: FileInfo[] }> {
  const entries = await context.artifacts.list(path);
  if (!entries || entries.length === 0) return {};
  return { files: entries.map((entry) => toFileInfo(entry, artifactBasename(entry.path))) };
}

export async function proxyDelete(context: ServerContext, path: string): Promise<void> {
  if (path === '') throw invalidPath();
  await context.artifacts.delete(path);
}

export interface ArtifactDownload {
  stream: Readable;
  size: number;
  fileName: string;
  mimeType: string;
}

/** Opens the file at a path of the proxied root for download; 404 RESOURCE_DOES_NOT_EXIST if there is none. */
export async function openArtifact(context: ServerContext, storePath: string): Promise<ArtifactDownload> {
  return openLocation({ store: context.artifacts, path: storePath });
}

/** Opens the file at a resolved location for download; 404 RESOURCE_DOES_NOT_EXIST if there is none. */
export async function openLocation({ store, path }: ArtifactLocation): Promise<ArtifactDownload> {
  if (path === '') throw notFound('No such file: the path names a folder.');
  const { stream, size } = await store.read(path);
  const fileName = artifactBasename(path);
  return { stream, size, fileName, mimeType: guessMimeType(fileName) };
}

// ---------------------------------------------------------------------------------------------
// Run artifacts: paths relative to the run's artifact_uri
// ---------------------------------------------------------------------------------------------

/** `artifacts/list`: immediate children, paths relative to the run root; `root_uri` always. */
export async function listRunArtifacts(
  context: ServerContext,
  runId: string,
  path: string | undefined,
): Promise<{ root_uri: string; files?: FileInfo[] }> {
  const relativePath = path === undefined ? '' : safeArtifactPath(path);
  const run = await findRunForArtifacts(context.db, runId);
  const root = await locateArtifactUri(context, run.artifact_uri);
  const files = await listUnder(root, relativePath);
  return { root_uri: run.artifact_uri, ...(files.length > 0 ? { files } : {}) };
}

/** Children of `<root>/<relativePath>` with paths relative to `root`. */
export async function listUnder(root: ArtifactLocation, relativePath: string): Promise<FileInfo[]> {
  const entries = await root.store.list(joinArtifactPath(root.path, relativePath));
  return (entries ?? []).map((entry) => toFileInfo(entry, joinArtifactPath(relativePath, artifactBasename(entry.path))));
}

/** `/get-artifact`: one file of a run. */
export async function openRunArtifact(context: ServerContext, runId: string, path: string): Promise<ArtifactDownload> {
  const relativePath = safeArtifactPath(path);
  const run = await findRunForArtifacts(context.db, runId);
  return openLocation(joinLocation(await locateArtifactUri(context, run.artifact_uri), relativePath));
}

export interface UiUploadInput {
  runId: string | undefined;
  path: string | undefined;
  contentLength: number | undefined;
  body: Readable | undefined;
}

/** `upload-artifact` (UI): one file of at most 10 MB into the run's artifacts, checked as MLflow does. */
export async function uploadRunArtifact(context: ServerContext, input: UiUploadInput): Promise<void> {
  if (!input.runId) throw invalidParameter('Request must specify run_uuid.');
  if (!input.path) throw invalidParameter('Request must specify path.');
  const relativePath = safeArtifactPath(input.path);
  if (relativePath === '') throw invalidPath();
  if (input.contentLength !== undefined && input.contentLength > MAX_UI_UPLOAD_BYTES) {
    throw invalidParameter('Artifact size is too large. Max size is 10MB.');
  }
  if (!input.body || input.contentLength === 0) throw invalidParameter('Request must specify data.');
  const run = await findRunForArtifacts(context.db, input.runId);
  const target = joinLocation(await locateArtifactUri(context, run.artifact_uri), relativePath);
  const { written } = await target.store.write(target.path, input.body, {
    maxBytes: MAX_UI_UPLOAD_BYTES,
    requireData: true,
  });
  if (!written) throw invalidParameter('Request must specify data.');
}
