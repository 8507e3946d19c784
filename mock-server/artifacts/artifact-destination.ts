// `--artifacts-destination`: a local folder (a path or a file: URI) or `s3://bucket/prefix`.
// Anything else is refused rather than taken for a folder name (`gs://b/x` would otherwise become a
// folder `gs:` in the working directory), and an S3 destination is proven usable before the server
// starts serving.
import { S3Client } from '@aws-sdk/client-s3';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArtifactStore } from './artifact-store.js';
import { LocalArtifactStore } from './local-artifact-store.js';
import { parseS3Uri, S3ArtifactStore, s3ClientConfigFromEnv, type S3Location } from './s3-artifact-store.js';

export type ArtifactDestination = { kind: 'local'; folder: string } | ({ kind: 's3' } & S3Location);

/** The destination is unusable; the CLI prints the message and exits with code 2. */
export class ArtifactDestinationError extends Error {}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const WINDOWS_DRIVE = /^[A-Za-z]:[\\/]/;
/** S3's bucket naming rules (3–63 lowercase letters, digits, dots and hyphens). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function parseArtifactsDestination(value: string): ArtifactDestination {
  const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined || WINDOWS_DRIVE.test(value)) return { kind: 'local', folder: resolve(value) };
  if (scheme === 'file') {
    try {
      return { kind: 'local', folder: fileURLToPath(value) };
    } catch (error) {
      throw new ArtifactDestinationError(`Invalid file: URI '${value}': ${(error as Error).message}`);
    }
  }
  if (scheme === 's3') {
    const location = parseS3Uri(value);
    if (!location || !BUCKET_NAME.test(location.bucket)) {
      throw new ArtifactDestinationError(
        `Invalid S3 destination '${value}': write s3://<bucket>/<optional/prefix> with a valid bucket name.`,
      );
    }
    return { kind: 's3', ...location };
  }
  throw new ArtifactDestinationError(
    `Unsupported artifacts destination '${value}': this server stores artifacts in a local folder or in S3 (s3://bucket/prefix), not '${scheme}:'.`,
  );
}

/** Milliseconds before an unreachable S3 endpoint counts as down (the SDK's default is to wait forever). */
const CONNECT_TIMEOUT_MS = 5000;

/** Opens the store of a destination; an S3 bucket is checked (exists, credentials, reachable) first. */
export async function openArtifactStore(destination: ArtifactDestination): Promise<ArtifactStore> {
  if (destination.kind === 'local') return new LocalArtifactStore(destination.folder);
  const client = new S3Client({
    ...s3ClientConfigFromEnv(),
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS },
  });
  const store = new S3ArtifactStore(destination, client);
  try {
    await store.check();
  } catch (error) {
    client.destroy();
    throw new ArtifactDestinationError((error as Error).message);
  }
  return store;
}

/** `--default-artifact-root`: proxied (`mlflow-artifacts:/...`), or a folder or bucket clients write to themselves. */
export type ArtifactRoot = { kind: 'proxied'; uri: string } | { kind: 'direct'; uri: string; destination: ArtifactDestination };

/**
 * Parses `--default-artifact-root` as `mlflow server` takes it: `mlflow-artifacts:/` (served by this
 * server), a `file:` URI or a path (a relative path is made absolute, as MLflow does), or
 * `s3://bucket/prefix`. Other schemes are refused: this server could not list their artifacts.
 */
export function parseDefaultArtifactRoot(value: string): ArtifactRoot {
  if (/^mlflow-artifacts:/i.test(value)) return { kind: 'proxied', uri: value };
  const destination = parseArtifactsDestination(value);
  const hasScheme = SCHEME.test(value) && !WINDOWS_DRIVE.test(value);
  // A plain path is stored as MLflow stores it: absolute, without a scheme.
  const uri = hasScheme || destination.kind !== 'local' ? value : destination.folder;
  return { kind: 'direct', uri, destination };
}
