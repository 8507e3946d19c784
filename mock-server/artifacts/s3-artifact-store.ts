// Artifacts in an S3 bucket (AWS or any S3-compatible endpoint), under an optional key prefix.
// Bodies stream both ways: uploads go through lib-storage's multipart Upload (a few parts in
// memory at a time, never the whole file), downloads hand the GetObject body stream to the reply.
// S3 has no folders: a folder is a key prefix ending in `/`, listed with ListObjectsV2's delimiter.
// To keep the local folder's rules (a path cannot be both a file and a folder), a write checks the
// ancestors and the target first; S3 itself would accept both.
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
  type ListObjectsV2CommandOutput,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { invalidParameter, MlflowError, notFound } from '../http/mlflow-error.js';
import { invalidPath } from './artifact-path.js';
import type { ArtifactEntry, ArtifactStore, WriteOptions } from './artifact-store.js';
import { BodyTooLarge, ByteCounter } from './byte-counter.js';

/** S3's multipart minimum is 5 MB; 8 MB parts, two in flight, bound an upload's memory to ~24 MB. */
const PART_SIZE = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;
/** DeleteObjects takes at most 1,000 keys per call. */
const DELETE_BATCH = 1000;

export interface S3Location {
  bucket: string;
  /** Key prefix without leading or trailing slashes; '' for the bucket root. */
  prefix: string;
}

/** Parses `s3://bucket/some/prefix` (MLflow's form); undefined when the URI is not s3://. */
export function parseS3Uri(uri: string): S3Location | undefined {
  const match = /^s3:\/\/([^/]*)\/?(.*)$/i.exec(uri);
  if (!match) return undefined;
  return { bucket: match[1] ?? '', prefix: (match[2] ?? '').replace(/^\/+|\/+$/g, '') };
}

/**
 * The client MLflow users expect from their environment: `MLFLOW_S3_ENDPOINT_URL` for MinIO,
 * Ceph, s3rver and friends (path-style addressing then, as those need), region from
 * `AWS_DEFAULT_REGION`, credentials through the SDK's default chain (`AWS_ACCESS_KEY_ID` /
 * `AWS_SECRET_ACCESS_KEY`, profiles, instance roles).
 */
export function s3ClientConfigFromEnv(env: NodeJS.ProcessEnv = process.env): S3ClientConfig {
  const endpoint = env.MLFLOW_S3_ENDPOINT_URL || undefined;
  return {
    region: env.AWS_DEFAULT_REGION || env.AWS_REGION || 'us-east-1',
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    // Checksums only where S3 requires them: several S3-compatible servers reject the newer
    // default CRC32 headers on every request.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

function isS3Error(error: unknown, ...names: string[]): boolean {
  return error instanceof S3ServiceException && names.includes(error.name);
}

function httpStatus(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

/** A failure of the bucket itself (down, refused, throttled) is a 503 to the client, not a 500. */
function unavailable(error: unknown): unknown {
  if (error instanceof MlflowError) return error;
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new MlflowError('TEMPORARILY_UNAVAILABLE', `The artifact store (S3) failed: ${detail}`);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class S3ArtifactStore implements ArtifactStore {
  readonly client: S3Client;
  readonly bucket: string;
  readonly prefix: string;

  /** Keys per ListObjectsV2 page (S3's maximum, 1,000, unless a test wants to see paging). */
  private readonly pageSize: number | undefined;

  constructor(location: S3Location, client: S3Client, options: { pageSize?: number } = {}) {
    this.bucket = location.bucket;
    this.prefix = location.prefix;
    this.client = client;
    this.pageSize = options.pageSize;
  }

  /** `s3://bucket/prefix`, for messages. */
  get uri(): string {
    return `s3://${this.bucket}${this.prefix ? `/${this.prefix}` : ''}`;
  }

  /** The object key of a store path ('' is the root, i.e. the prefix itself). */
  key(path: string): string {
    if (path.includes('\0') || path.includes('\\') || path.split('/').some((part) => part === '..')) throw invalidPath();
    const clean = path.replace(/^\/+|\/+$/g, '');
    if (this.prefix === '') return clean;
    return clean === '' ? this.prefix : `${this.prefix}/${clean}`;
  }

  /** The key prefix of the folder at `path`: `key/`, or the bucket root. */
  private folderPrefix(path: string): string {
    const key = this.key(path);
    return key === '' ? '' : `${key}/`;
  }

  /**
   * Proves at start that the bucket exists and these credentials may list it; throws with a message
   * a user can act on (missing bucket, refused credentials, unreachable endpoint).
   */
  async check(): Promise<void> {
    try {
      await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.folderPrefix(''), MaxKeys: 1 }));
    } catch (error) {
      throw new Error(describeCheckFailure(error, this.uri, this.client));
    }
  }

  private async isFile(key: string): Promise<boolean> {
    if (key === '') return false;
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isS3Error(error, 'NotFound', 'NoSuchKey') || httpStatus(error) === 404) return false;
      throw error;
    }
  }

  private async isFolder(prefix: string): Promise<boolean> {
    const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, MaxKeys: 1 }));
    return (page.KeyCount ?? page.Contents?.length ?? 0) > 0;
  }

  async write(path: string, body: Readable, options: WriteOptions = {}): Promise<{ size: number; written: boolean }> {
    const key = this.key(path);
    if (key === this.key('')) throw invalidPath();
    try {
      const parts = path.split('/');
      const ancestors = parts.slice(0, -1).map((_, index) => this.key(parts.slice(0, index + 1).join('/')));
      const [ancestorIsFile, targetIsFolder] = await Promise.all([
        Promise.all(ancestors.map((ancestor) => this.isFile(ancestor))).then((found) => found.some(Boolean)),
        this.isFolder(`${key}/`),
      ]);
      if (ancestorIsFile) throw invalidParameter(`Cannot write '${path}': part of its folder path is a file.`);
      if (targetIsFolder) throw invalidParameter(`Cannot write '${path}': a folder of that name exists.`);

      // Peek at the first chunk: an empty body must not replace an existing file when data is required.
      const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      const first = await chunks.next();
      if (first.done && options.requireData) return { size: 0, written: false };
      const rest = Readable.from(
        (async function* () {
          if (!first.done) yield first.value;
          for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
        })(),
        { objectMode: false },
      );
      const counter = new ByteCounter(options.maxBytes ?? Number.POSITIVE_INFINITY);
      const upload = new Upload({
        client: this.client,
        params: { Bucket: this.bucket, Key: key, Body: counter },
        partSize: PART_SIZE,
        queueSize: PARTS_IN_FLIGHT,
        leavePartsOnError: false,
      });
      // A body that fails or grows too large aborts the upload (S3 then keeps the previous object);
      // an upload that fails stops reading the body, so the body is destroyed rather than left hanging.
      const piping = pipeline(rest, counter).catch(async (error: unknown) => {
        await upload.abort().catch(() => undefined);
        throw error;
      });
      const uploading = upload.done().catch((error: unknown) => {
        rest.destroy();
        throw error;
      });
      const [pipingResult, uploadResult] = await Promise.allSettled([piping, uploading]);
      if (pipingResult.status === 'rejected' && (pipingResult.reason instanceof BodyTooLarge || uploadResult.status === 'fulfilled')) {
        throw pipingResult.reason;
      }
      if (uploadResult.status === 'rejected') throw uploadResult.reason;
      if (pipingResult.status === 'rejected') throw pipingResult.reason;
      return { size: counter.bytes, written: true };
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        throw invalidParameter(`Artifact size is too large. Max size is ${String(options.maxBytes)} bytes.`);
      }
      throw unavailable(error);
    }
  }

  async read(path: string): Promise<{ stream: Readable; size: number }> {
    const key = this.key(path);
    if (key === this.key('')) throw notFound(`No such file: '${path}'`);
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!(object.Body instanceof Readable)) throw new Error('GetObject answered without a body stream.');
      return { stream: object.Body, size: object.ContentLength ?? 0 };
    } catch (error) {
      if (isS3Error(error, 'NoSuchKey', 'NotFound') || httpStatus(error) === 404) throw notFound(`No such file: '${path}'`);
      throw unavailable(error);
    }
  }

  async kind(path: string): Promise<'file' | 'dir' | undefined> {
    const key = this.key(path);
    if (key === this.key('')) return 'dir';
    try {
      if (await this.isFile(key)) return 'file';
      return (await this.isFolder(`${key}/`)) ? 'dir' : undefined;
    } catch (error) {
      throw unavailable(error);
    }
  }

  /** Pages through every key under `prefix` (all depths, or one level with `delimiter`). */
  private async *pages(prefix: string, delimiter?: string): AsyncGenerator<ListObjectsV2CommandOutput> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          ContinuationToken: token,
          Delimiter: delimiter,
          MaxKeys: this.pageSize,
        }),
      );
      yield page;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async list(path: string): Promise<ArtifactEntry[] | undefined> {
    const prefix = this.folderPrefix(path);
    const entries: ArtifactEntry[] = [];
    const childPath = (name: string): string => (path === '' ? name : `${path.replace(/\/+$/, '')}/${name}`);
    try {
      for await (const page of this.pages(prefix, '/')) {
        for (const folder of page.CommonPrefixes ?? []) {
          const name = (folder.Prefix ?? '').slice(prefix.length).replace(/\/$/, '');
          if (name !== '') entries.push({ path: childPath(name), isDir: true });
        }
        for (const object of page.Contents ?? []) {
          const name = (object.Key ?? '').slice(prefix.length);
          // A key equal to the prefix is a console-made "folder marker", not a file.
          if (name === '') continue;
          const size = object.Size ?? 0;
          entries.push({ path: childPath(name), isDir: false, ...(size > 0 ? { fileSize: size } : {}) });
        }
      }
    } catch (error) {
      throw unavailable(error);
    }
    if (entries.length === 0) return path === '' ? [] : undefined;
    return entries.sort((a, b) => compareText(a.path, b.path));
  }

  close(): void {
    this.client.destroy();
  }

  async delete(path: string): Promise<void> {
    const key = this.key(path);
    if (key === this.key('')) throw invalidPath();
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
      let batch: { Key: string }[] = [];
      const flush = async (): Promise<void> => {
        if (batch.length === 0) return;
        const result = await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch, Quiet: true } }));
        batch = [];
        const failed = result.Errors?.[0];
        if (failed) throw new Error(`Could not delete ${failed.Key ?? '?'}: ${failed.Code ?? ''} ${failed.Message ?? ''}`);
      };
      // Every key under the folder, all depths; collected page by page so a huge folder is never held whole.
      for await (const page of this.pages(`${key}/`)) {
        for (const object of page.Contents ?? []) {
          if (object.Key !== undefined) batch.push({ Key: object.Key });
          if (batch.length >= DELETE_BATCH) await flush();
        }
      }
      await flush();
    } catch (error) {
      throw unavailable(error);
    }
  }
}

/** Why the start-up check of an S3 destination failed, in words a user can act on. */
function describeCheckFailure(error: unknown, uri: string, client: S3Client): string {
  const endpoint = process.env.MLFLOW_S3_ENDPOINT_URL || `AWS S3 (${String(client.config.region)})`;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (isS3Error(error, 'NoSuchBucket')) return `The bucket of ${uri} does not exist at ${endpoint}: create it first.`;
  if (isS3Error(error, 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'InvalidToken', 'ExpiredToken')) {
    return `${endpoint} refused the credentials for ${uri} (${name}): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.`;
  }
  if (isS3Error(error, 'AccessDenied') || httpStatus(error) === 403) {
    return `Access to ${uri} is denied at ${endpoint}: the credentials need permission to list, read, write and delete under it.`;
  }
  if (name === 'CredentialsProviderError') {
    return `No AWS credentials for ${uri}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or a profile or instance role).`;
  }
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH/.test(`${code} ${message}`) || name === 'TimeoutError') {
    return `Cannot reach the S3 endpoint ${endpoint} for ${uri} (${code || name}: ${message}). Check MLFLOW_S3_ENDPOINT_URL.`;
  }
  return `Cannot use ${uri} at ${endpoint}: ${name ? `${name}: ` : ''}${message}`;
}
