// Artifact routes: the mlflow-artifacts proxy, run artifact listing, the UI download / upload
// routes, URI resolution, and proof that no request reads or writes outside the artifact root.
// The `unit` project runs them on a local folder, the `artifacts-s3` project (vitest.config.ts) on
// an S3 bucket of a real S3-compatible server (s3rver), with RUNBOARD_TEST_ARTIFACT_STORE=s3.
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../../app.js';
import { resolveArtifactUri } from '../../services/artifacts.js';
import type { ServerContext } from '../../services/server-context.js';
import { freshStoreUri } from '../support/test-store.js';
import { startS3TestServer, type S3TestServer } from '../artifacts/s3-test-server.js';

const PROXY = '/api/2.0/mlflow-artifacts/artifacts';
const API = '/api/2.0/mlflow';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json: () => Record<string, unknown>;
}

const onS3 = process.env.RUNBOARD_TEST_ARTIFACT_STORE === 's3';

let app: FastifyInstance;
let context: ServerContext;
let sandbox: string;
let root: string;
let baseUrl: URL;
let s3: S3TestServer | undefined;
let sandboxCount = 0;

/**
 * Where the artifact root lives: a folder `<sandbox>/root` or the key prefix `<sandbox>/root` in a
 * bucket. Either way the sandbox also holds a `secret.txt` that no request may touch.
 */
const storage = {
  async setUp(): Promise<string> {
    if (!onS3) {
      sandbox = mkdtempSync(path.join(os.tmpdir(), 'runboard-artifacts-test-'));
      root = path.join(sandbox, 'root');
      writeFileSync(path.join(sandbox, 'secret.txt'), 'secret');
      return root;
    }
    const server = s3 as S3TestServer;
    sandbox = `sandbox-${(sandboxCount += 1)}`;
    root = `${sandbox}/root`;
    await server.client.send(new PutObjectCommand({ Bucket: server.bucket, Key: `${sandbox}/secret.txt`, Body: 'secret' }));
    return `s3://${server.bucket}/${root}`;
  },
  tearDown(): void {
    if (!onS3) rmSync(sandbox, { recursive: true, force: true });
  },
  /** Every file below `folder` (a path relative to the sandbox), as sorted relative paths. */
  async filesUnder(folder: string): Promise<string[]> {
    if (!onS3) return filesUnder(path.join(sandbox, folder));
    const server = s3 as S3TestServer;
    const prefix = folder === '' ? `${sandbox}/` : `${sandbox}/${folder}/`;
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await server.client.send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: prefix, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((object) => (object.Key ?? '').slice(prefix.length)));
      token = page.NextContinuationToken;
    } while (token);
    return keys.sort();
  },
  /** The text of a file (path relative to the sandbox). */
  async read(file: string): Promise<string> {
    if (!onS3) return readFileSync(path.join(sandbox, file), 'utf8');
    const server = s3 as S3TestServer;
    const object = await server.client.send(new GetObjectCommand({ Bucket: server.bucket, Key: `${sandbox}/${file}` }));
    return (await object.Body?.transformToString('utf8')) ?? '';
  },
};

beforeAll(async () => {
  if (!onS3) return;
  s3 = await startS3TestServer();
  // The server reads its S3 settings from the environment, as MLflow does.
  Object.assign(process.env, s3.env);
}, 60_000);

afterAll(async () => {
  await s3?.close();
}, 30_000);

beforeEach(async () => {
  const artifactsDestination = await storage.setUp();
  const server = await createServer({ backendStoreUri: await freshStoreUri(), artifactsDestination });
  app = server.app;
  context = server.context as ServerContext;
  baseUrl = new URL(await app.listen({ port: 0, host: '127.0.0.1' }));
});

afterEach(async () => {
  await app.close();
  storage.tearDown();
});

/** Sends the request target verbatim (no URL normalisation, unlike fetch or app.inject). */
function raw(method: string, target: string, body?: Buffer | string, headers: Record<string, string> = {}): Promise<Reply> {
  const payload = body === undefined ? undefined : Buffer.from(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: baseUrl.hostname,
        port: baseUrl.port,
        method,
        path: target,
        headers: {
          ...(payload ? { 'content-length': String(payload.length) } : method === 'GET' ? {} : { 'content-length': '0' }),
          ...headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const data = Buffer.concat(chunks);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: data,
            json: () => JSON.parse(data.toString('utf8')) as Record<string, unknown>,
          });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

async function call(method: string, url: string, body?: unknown): Promise<Reply> {
  return raw(
    method,
    url,
    body === undefined ? undefined : JSON.stringify(body),
    body === undefined ? {} : { 'content-type': 'application/json' },
  );
}

async function createRun(artifactLocation?: string): Promise<{ experimentId: string; runId: string; artifactUri: string }> {
  const experiment = await call('POST', `${API}/experiments/create`, {
    name: `exp-${Math.random().toString(36).slice(2)}`,
    ...(artifactLocation ? { artifact_location: artifactLocation } : {}),
  });
  const experimentId = experiment.json().experiment_id as string;
  const run = await call('POST', `${API}/runs/create`, { experiment_id: experimentId, start_time: 1 });
  const info = (run.json().run as { info: { run_id: string; artifact_uri: string } }).info;
  return { experimentId, runId: info.run_id, artifactUri: info.artifact_uri };
}

/** Every file below a folder, as relative paths. */
function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('mlflow-artifacts proxy', () => {
  it('uploads, downloads, lists and deletes like MLflow', async () => {
    const { experimentId, runId, artifactUri } = await createRun();
    expect(artifactUri).toBe(`mlflow-artifacts:/${experimentId}/${runId}/artifacts`);
    const base = `${PROXY}/${experimentId}/${runId}/artifacts`;
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAA=', 'base64');
    expect((await raw('PUT', `${base}/hello.txt`, 'hello\n', { 'content-type': 'text/plain' })).json()).toEqual({});
    expect((await raw('PUT', `${base}/dir/sub/data.json`, '{"a": 1}', { 'content-type': 'application/json' })).status).toBe(200);
    expect((await raw('PUT', `${base}/dir/image.png`, png, { 'content-type': 'image/png' })).status).toBe(200);
    expect((await raw('PUT', `${base}/empty.txt`, undefined, { 'content-type': 'text/plain' })).status).toBe(200);
    expect((await raw('PUT', `${base}/hello.txt`, 'again\n')).status).toBe(200);
    expect(await storage.read(`root/${experimentId}/${runId}/artifacts/hello.txt`)).toBe('again\n');

    const text = await raw('GET', `${base}/hello.txt`);
    expect(text.status).toBe(200);
    expect(text.body.toString()).toBe('again\n');
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.headers['content-disposition']).toBe('attachment; filename=hello.txt');
    expect(text.headers['x-content-type-options']).toBe('nosniff');
    expect((await raw('GET', `${base}/dir/sub/data.json`)).headers['content-type']).toMatch(/^text\/plain/);
    const image = await raw('GET', `${base}/dir/image.png`);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.body.equals(png)).toBe(true);
    const empty = await raw('GET', `${base}/empty.txt`);
    expect(empty.status).toBe(200);
    expect(empty.body.length).toBe(0);

    const listing = await raw('GET', `${PROXY}?path=${experimentId}/${runId}/artifacts`);
    expect(listing.json()).toEqual({
      files: [
        { path: 'dir', is_dir: true },
        { path: 'empty.txt', is_dir: false },
        { path: 'hello.txt', is_dir: false, file_size: 6 },
      ],
    });
    expect((await raw('GET', `${PROXY}?path=${experimentId}/${runId}/artifacts/hello.txt`)).json()).toEqual({});
    expect((await raw('GET', `${PROXY}?path=${experimentId}/${runId}/artifacts/missing`)).json()).toEqual({});
    expect((await raw('GET', `/ajax-api/2.0/mlflow-artifacts/artifacts?path=${experimentId}/${runId}/artifacts/dir`)).json()).toEqual({
      files: [
        { path: 'image.png', is_dir: false, file_size: png.length },
        { path: 'sub', is_dir: true },
      ],
    });

    expect((await raw('DELETE', `${base}/dir`)).json()).toEqual({});
    expect((await raw('DELETE', `${base}/dir`)).status).toBe(200);
    expect(await storage.filesUnder(`root/${experimentId}/${runId}/artifacts`)).toEqual(['empty.txt', 'hello.txt']);
  });

  it('answers 404 RESOURCE_DOES_NOT_EXIST for a missing file or a folder', async () => {
    const { experimentId, runId } = await createRun();
    await raw('PUT', `${PROXY}/${experimentId}/${runId}/artifacts/dir/x.txt`, 'x');
    for (const target of [`${PROXY}/${experimentId}/${runId}/artifacts/missing.txt`, `${PROXY}/${experimentId}/${runId}/artifacts/dir`]) {
      const reply = await raw('GET', target);
      expect(reply.status).toBe(404);
      expect(reply.json().error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    }
  });

  it('streams a large upload to disk and back', async () => {
    const size = 24 * 1024 * 1024 + 7;
    const body = Buffer.alloc(size, 0x5a);
    body[size - 1] = 0x01;
    expect((await raw('PUT', `${PROXY}/0/big/model.bin`, body)).status).toBe(200);
    const back = await raw('GET', `${PROXY}/0/big/model.bin`);
    expect(back.headers['content-length']).toBe(String(size));
    expect(back.body.equals(body)).toBe(true);
    // Nothing but the file itself is left behind (no temporary upload files).
    expect(await storage.filesUnder('root/0/big')).toEqual(['model.bin']);
  });

  it('refuses a file where a folder is needed, and a folder where a file is needed, with 400', async () => {
    await raw('PUT', `${PROXY}/0/f/file.txt`, 'x');
    const under = await raw('PUT', `${PROXY}/0/f/file.txt/inner.txt`, 'y');
    expect(under.status).toBe(400);
    const over = await raw('PUT', `${PROXY}/0/f`, 'z');
    expect(over.status).toBe(400);
    expect(await storage.read('root/0/f/file.txt')).toBe('x');
  });

  it('answers multipart upload routes with 501 NOT_IMPLEMENTED', async () => {
    for (const action of ['create', 'complete', 'abort']) {
      const reply = await call('POST', `/api/2.0/mlflow-artifacts/mpu/${action}/0/r/artifacts/big.bin`, { path: '0/r/artifacts/big.bin' });
      expect(reply.status).toBe(501);
      expect(reply.json()).toEqual({
        error_code: 'NOT_IMPLEMENTED',
        message: 'Multipart upload is not supported for the current artifact repository',
      });
    }
  });

  it('sends non-ASCII and quoted file names in a safe Content-Disposition', async () => {
    await raw('PUT', `${PROXY}/0/names/r%C3%A9sum%C3%A9%20final.txt`, 'x');
    const reply = await raw('GET', `${PROXY}/0/names/r%C3%A9sum%C3%A9%20final.txt`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-disposition']).toBe(
      `attachment; filename="resume final.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%20final.txt`,
    );
    await raw('PUT', `${PROXY}/0/names/a%20b.txt`, 'x');
    expect((await raw('GET', `${PROXY}/0/names/a%20b.txt`)).headers['content-disposition']).toBe('attachment; filename="a b.txt"');
  });
});

describe('path traversal', () => {
  const escapes = [
    '%2E%2E/%2E%2E/secret.txt',
    '%2e%2e/%2e%2e/secret.txt',
    '..%2F..%2Fsecret.txt',
    '%2E%2E%2F%2E%2E%2Fsecret.txt',
    '%252E%252E/%252E%252E/secret.txt',
    '%25252e%25252e/%25252e%25252e/secret.txt',
    '..%5C..%5Csecret.txt',
    '%2F..%2Fsecret.txt',
    '%2Fetc%2Fpasswd',
    'C:%5Csecret.txt',
    'x/..',
    '%2E%2E',
    '..',
    'a%00b',
    'a%0Ab',
    'a%23b',
  ];

  it.each(escapes)('PUT / GET / DELETE %s under the proxy answer 400 Invalid path and touch nothing', async (escape) => {
    const before = await storage.filesUnder('');
    // An encoded slash inside a segment is only a path separator, so `0/run/%2Fetc` stays inside
    // the root (as on MLflow); at the start it makes an absolute path.
    const targets = escape.startsWith('%2F') ? [`${PROXY}/${escape}`] : [`${PROXY}/0/run/${escape}`, `${PROXY}/${escape}`];
    for (const target of targets) {
      const put = await raw('PUT', target, 'pwned');
      expect(put.status).toBe(400);
      expect(put.json()).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: 'Invalid path' });
      expect((await raw('GET', target)).status).toBe(400);
      expect((await raw('DELETE', target)).status).toBe(400);
    }
    expect(await storage.filesUnder('')).toEqual(before);
    expect(await storage.read('secret.txt')).toBe('secret');
  });

  it('refuses traversal in every query path parameter', async () => {
    const { runId } = await createRun();
    const bad = ['../secret.txt', '../../secret.txt', '/etc/passwd', '%2E%2E/secret.txt', 'a/../../x', 'C:\\x', 'a\u0000b'];
    for (const value of bad) {
      const encoded = encodeURIComponent(value);
      const targets = [
        `${PROXY}?path=${encoded}`,
        `${API}/artifacts/list?run_id=${runId}&path=${encoded}`,
        `/get-artifact?run_uuid=${runId}&path=${encoded}`,
      ];
      for (const target of targets) {
        const reply = await raw('GET', target);
        expect(reply.status, target).toBe(400);
        expect(reply.json().error_code).toBe('INVALID_PARAMETER_VALUE');
      }
      const upload = await raw('POST', `/ajax-api/2.0/mlflow/upload-artifact?run_uuid=${runId}&path=${encoded}`, 'pwned', {
        'content-type': 'application/octet-stream',
        'x-requested-with': 'runboard',
      });
      expect(upload.status).toBe(400);
    }
    expect(await storage.read('secret.txt')).toBe('secret');
    expect(await storage.filesUnder('')).toEqual(['secret.txt']);
  });

  // Symbolic links exist only in a local folder.
  if (!onS3)
    it('does not follow a symlink inside the root to the outside', async () => {
      mkdirSync(path.join(root, '0'), { recursive: true });
      symlinkSync(sandbox, path.join(root, '0', 'escape'));
      expect((await raw('GET', `${PROXY}/0/escape/secret.txt`)).status).toBe(400);
      expect((await raw('PUT', `${PROXY}/0/escape/secret.txt`, 'pwned')).status).toBe(400);
      expect((await raw('PUT', `${PROXY}/0/escape/new.txt`, 'pwned')).status).toBe(400);
      expect((await raw('GET', `${PROXY}?path=0/escape`)).status).toBe(400);
      expect((await raw('DELETE', `${PROXY}/0/escape/secret.txt`)).status).toBe(400);
      expect(readFileSync(path.join(sandbox, 'secret.txt'), 'utf8')).toBe('secret');
      expect(existsSync(path.join(sandbox, 'new.txt'))).toBe(false);
      // Listing the folder that holds the link does not show it.
      expect((await raw('GET', `${PROXY}?path=0`)).json()).toEqual({});
    });

  it('refuses to delete or overwrite the root itself', async () => {
    await raw('PUT', `${PROXY}/keep.txt`, 'keep');
    for (const target of [`${PROXY}/.`, `${PROXY}/./`, `${PROXY}/%2E`]) {
      expect((await raw('DELETE', target)).status).toBe(400);
      expect((await raw('PUT', target, 'x')).status).toBe(400);
    }
    expect(await storage.read('root/keep.txt')).toBe('keep');
  });
});

describe('run artifacts', () => {
  async function seed() {
    const run = await createRun();
    const base = `${PROXY}/${run.experimentId}/${run.runId}/artifacts`;
    await raw('PUT', `${base}/hello.txt`, 'hello again\n');
    await raw('PUT', `${base}/empty.txt`);
    await raw('PUT', `${base}/dir/image.png`, Buffer.alloc(29, 1));
    await raw('PUT', `${base}/dir/sub/data.json`, '{}');
    return run;
  }

  it('lists with paths relative to the run root and the run artifact_uri as root_uri', async () => {
    const { runId, artifactUri } = await seed();
    expect((await raw('GET', `${API}/artifacts/list?run_id=${runId}`)).json()).toEqual({
      root_uri: artifactUri,
      files: [
        { path: 'dir', is_dir: true },
        { path: 'empty.txt', is_dir: false },
        { path: 'hello.txt', is_dir: false, file_size: 12 },
      ],
    });
    expect((await raw('GET', `/ajax-api/2.0/mlflow/artifacts/list?run_uuid=${runId}&path=dir/`)).json()).toEqual({
      root_uri: artifactUri,
      files: [
        { path: 'dir/image.png', is_dir: false, file_size: 29 },
        { path: 'dir/sub', is_dir: true },
      ],
    });
    expect((await raw('GET', `${API}/artifacts/list?run_id=${runId}&path=hello.txt`)).json()).toEqual({ root_uri: artifactUri });
    expect((await raw('GET', `${API}/artifacts/list?run_id=${runId}&path=nope`)).json()).toEqual({ root_uri: artifactUri });
  });

  it('answers 404 for an unknown run and 400 without a run id', async () => {
    const unknown = await raw('GET', `${API}/artifacts/list?run_id=00000000000000000000000000000000`);
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toEqual({
      error_code: 'RESOURCE_DOES_NOT_EXIST',
      message: 'Run with id=00000000000000000000000000000000 not found',
    });
    const missing = await raw('GET', `${API}/artifacts/list`);
    expect(missing.status).toBe(400);
    expect(missing.json().message).toContain("'run_id'");
  });

  it('serves files through /get-artifact, 404 when missing', async () => {
    const { runId } = await seed();
    const reply = await raw('GET', `/get-artifact?run_uuid=${runId}&path=hello.txt`);
    expect(reply.status).toBe(200);
    expect(reply.body.toString()).toBe('hello again\n');
    expect(reply.headers['content-disposition']).toBe('attachment; filename=hello.txt');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    const nested = await raw('GET', `/get-artifact?run_id=${runId}&path=dir/sub/data.json`);
    expect(nested.headers['content-disposition']).toBe('attachment; filename=data.json');
    const missing = await raw('GET', `/get-artifact?run_uuid=${runId}&path=nope.txt`);
    expect(missing.status).toBe(404);
    expect(missing.json().error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect((await raw('GET', `/get-artifact?run_uuid=${runId}`)).status).toBe(400);
  });

  it('takes UI uploads of at most 10 MB and answers with an empty body', async () => {
    const { runId } = await seed();
    const upload = (query: string, body?: Buffer | string) =>
      raw('POST', `/ajax-api/2.0/mlflow/upload-artifact?${query}`, body, { 'content-type': 'application/octet-stream', 'x-requested-with': 'runboard' });
    const ok = await upload(`run_uuid=${runId}&path=ui/upload.txt`, 'uploaded from the UI');
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^application\/json/);
    expect(ok.body.length).toBe(0);
    expect((await raw('GET', `/get-artifact?run_uuid=${runId}&path=ui/upload.txt`)).body.toString()).toBe('uploaded from the UI');

    expect((await upload(`run_uuid=${runId}`, 'x')).json()).toEqual({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: 'Request must specify path.',
    });
    expect((await upload(`path=x.txt`, 'x')).json().message).toBe('Request must specify run_uuid.');
    expect((await upload(`run_uuid=${runId}&path=ui/empty.txt`)).json().message).toBe('Request must specify data.');
    expect((await upload(`run_uuid=${runId}&path=ui/big.bin`, Buffer.alloc(10 * 1024 * 1024 + 1))).json().message).toBe(
      'Artifact size is too large. Max size is 10MB.',
    );
    expect((await upload(`run_uuid=ffffffffffffffffffffffffffffffff&path=x.txt`, 'x')).status).toBe(404);
    // The UI route is not served under /api.
    expect((await raw('POST', `${API}/upload-artifact?run_uuid=${runId}&path=x.txt`, 'x')).status).toBe(404);
  });

  it('answers a clear 400 for runs whose artifacts live elsewhere (s3://)', async () => {
    const { runId, artifactUri } = await createRun('s3://bucket/prefix');
    expect(artifactUri).toMatch(/^s3:\/\/bucket\/prefix\//);
    for (const target of [`${API}/artifacts/list?run_id=${runId}`, `/get-artifact?run_uuid=${runId}&path=model/MLmodel`]) {
      const reply = await raw('GET', target);
      expect(reply.status).toBe(400);
      expect(reply.json().error_code).toBe('INVALID_PARAMETER_VALUE');
      expect(reply.json().message).toContain('s3://bucket/prefix');
    }
  });
});

describe('resolveArtifactUri', () => {
  it('maps the URIs this server stores to store paths', async () => {
    const { experimentId, runId } = await createRun();
    const runRoot = `${experimentId}/${runId}/artifacts`;
    expect(await resolveArtifactUri(context, `mlflow-artifacts:/${runRoot}`)).toBe(runRoot);
    expect(await resolveArtifactUri(context, `mlflow-artifacts://localhost:5000/${runRoot}/model`)).toBe(`${runRoot}/model`);
    expect(await resolveArtifactUri(context, `runs:/${runId}/model/MLmodel`)).toBe(`${runRoot}/model/MLmodel`);
    expect(await resolveArtifactUri(context, `runs:/${runId}`)).toBe(runRoot);
    expect(await resolveArtifactUri(context, `http://localhost:5000/api/2.0/mlflow-artifacts/artifacts/${runRoot}`)).toBe(runRoot);
    if (onS3) {
      // Local paths never name S3 objects.
      await expect(resolveArtifactUri(context, path.join(os.tmpdir(), root, '1', 'x'))).rejects.toMatchObject({
        errorCode: 'INVALID_PARAMETER_VALUE',
      });
    } else {
      expect(await resolveArtifactUri(context, path.join(root, '1', 'x'))).toBe('1/x');
      expect(await resolveArtifactUri(context, `file://${path.join(root, '1', 'x')}`)).toBe('1/x');
    }
  });

  it('refuses what it does not store, unknown runs and traversal', async () => {
    for (const uri of ['s3://bucket/x', 'gs://b/x', 'models:/name/1', path.join(sandbox, 'secret.txt'), `file://${sandbox}/secret.txt`]) {
      await expect(resolveArtifactUri(context, uri)).rejects.toMatchObject({ errorCode: 'INVALID_PARAMETER_VALUE' });
    }
    await expect(resolveArtifactUri(context, 'runs:/ffffffffffffffffffffffffffffffff/x')).rejects.toMatchObject({
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
    });
    for (const uri of ['mlflow-artifacts:/../x', 'mlflow-artifacts:/1/%2E%2E/%2E%2E/x', 'runs:/abc/../../x']) {
      await expect(resolveArtifactUri(context, uri)).rejects.toMatchObject({ errorCode: 'INVALID_PARAMETER_VALUE' });
    }
  });
});
