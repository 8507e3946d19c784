// Artifacts: the mlflow-artifacts proxy (paths relative to the artifact root), run artifacts
// (paths relative to a run's artifact_uri), and resolving artifact URIs to store paths.
//
// Runs and logged models carry `mlflow-artifacts:/<exp>/<run>/artifacts` style URIs; they map to
// `<artifact root>/<exp>/<run>/artifacts`. URIs this server does not store (s3://, gs://, a local
// folder outside the artifact root, ...) are refused with a clear 400, never a 500.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { FileInfo } from '../../src/lib/mlflow/wire-types.js';
import { LocalArtifactStore } from '../artifacts/local-artifact-store.js';
import type { ArtifactEntry } from '../artifacts/artifact-store.js';
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
    `Artifacts at '${uri}' are not stored by this server: it only serves artifacts under its own artifact root (mlflow-artifacts:/ URIs).`,
  );
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

/** A local folder (path or file: URI) inside the artifact root, as a store path. */
function localPathInStore(context: ServerContext, localPath: string, uri: string): string {
  if (!(context.artifacts instanceof LocalArtifactStore) || !isAbsolute(localPath)) throw unsupportedUri(uri);
  const root = context.artifacts.root;
  const full = resolve(localPath);
  if (full !== root && !full.startsWith(root + sep)) throw unsupportedUri(uri);
  return safeArtifactPath(relative(root, full).split(sep).join('/'));
}

/**
 * Resolves an artifact URI to a path in this server's artifact store:
 * `mlflow-artifacts:/<path>`, `http(s)://<host>/api/2.0/mlflow-artifacts/artifacts/<path>`,
 * `runs:/<run_id>/<path>`, `models:/<logged model id>[/<path>]`, and local paths or `file:` URIs
 * inside the artifact root. Anything else (s3://, models:/<name>/<version>, ...) is a 400.
 * Exported for the registry routes (`/model-versions/get-artifact`).
 */
export async function resolveArtifactUri(context: ServerContext, uri: string): Promise<string> {
  if (uri.startsWith(ARTIFACTS_URI_SCHEME)) return safeArtifactPath(proxiedUriPath(uri));
  if (uri.startsWith('runs:/')) {
    const [runId = '', ...rest] = uri.slice('runs:/'.length).replace(/^\/+/, '').split('/');
    if (runId === '') throw invalidParameter(`Invalid runs:/ URI '${uri}'.`);
    const relativePath = safeArtifactPath(rest.join('/'));
    const run = await findRunForArtifacts(context.db, runId);
    return joinArtifactPath(await resolveArtifactUri(context, run.artifact_uri), relativePath);
  }
  if (uri.startsWith('models:/')) {
    const [modelId = '', ...rest] = uri.slice('models:/'.length).replace(/^\/+/, '').split('/');
    if (!modelId.startsWith('m-')) throw unsupportedUri(uri);
    const relativePath = safeArtifactPath(rest.join('/'));
    const model = await findLoggedModelRow(context.db, modelId);
    if (!model) throw notFound(`Logged model with ID '${modelId}' not found.`);
    return joinArtifactPath(await resolveArtifactUri(context, model.artifact_location), relativePath);
  }
  if (/^https?:\/\//i.test(uri)) {
    const marker = uri.indexOf(PROXY_PATH_MARKER);
    if (marker < 0) throw unsupportedUri(uri);
    const path = uri.slice(marker + PROXY_PATH_MARKER.length).replace(/[?#].*$/, '');
    return safeArtifactPath(path.replace(/^\/+/, ''));
  }
  if (/^file:/i.test(uri)) {
    let localPath: string;
    try {
      localPath = fileURLToPath(uri);
    } catch {
      throw unsupportedUri(uri);
    }
    return localPathInStore(context, localPath, uri);
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri) && !/^[A-Za-z]:[\\/]/.test(uri)) throw unsupportedUri(uri);
  return localPathInStore(context, uri, uri);
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

/** Opens the file at a store path for download; 404 RESOURCE_DOES_NOT_EXIST if there is none. */
export async function openArtifact(context: ServerContext, storePath: string): Promise<ArtifactDownload> {
  if (storePath === '') throw notFound('No such file: the path names a folder.');
  const { stream, size } = await context.artifacts.read(storePath);
  const fileName = artifactBasename(storePath);
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
  const root = await resolveArtifactUri(context, run.artifact_uri);
  const files = await listUnder(context, root, relativePath);
  return { root_uri: run.artifact_uri, ...(files.length > 0 ? { files } : {}) };
}

/** Children of `<root>/<relativePath>` with paths relative to `root`. */
export async function listUnder(context: ServerContext, root: string, relativePath: string): Promise<FileInfo[]> {
  const entries = await context.artifacts.list(joinArtifactPath(root, relativePath));
  return (entries ?? []).map((entry) => toFileInfo(entry, joinArtifactPath(relativePath, artifactBasename(entry.path))));
}

/** `/get-artifact`: one file of a run. */
export async function openRunArtifact(context: ServerContext, runId: string, path: string): Promise<ArtifactDownload> {
  const relativePath = safeArtifactPath(path);
  const run = await findRunForArtifacts(context.db, runId);
  const root = await resolveArtifactUri(context, run.artifact_uri);
  return openArtifact(context, joinArtifactPath(root, relativePath));
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
  const root = await resolveArtifactUri(context, run.artifact_uri);
  const { written } = await context.artifacts.write(joinArtifactPath(root, relativePath), input.body, {
    maxBytes: MAX_UI_UPLOAD_BYTES,
    requireData: true,
  });
  if (!written) throw invalidParameter('Request must specify data.');
}
