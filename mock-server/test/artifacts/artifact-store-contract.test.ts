// One contract for every artifact store: the same tests run against the local folder and against
// a real S3-compatible endpoint (s3rver). The services rely on exactly these behaviours.
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ArtifactStore } from '../../artifacts/artifact-store.js';
import { LocalArtifactStore } from '../../artifacts/local-artifact-store.js';
import { S3ArtifactStore, s3ClientConfigFromEnv } from '../../artifacts/s3-artifact-store.js';
import { S3RVER_CREDENTIALS, startS3TestServer, type S3TestServer } from './s3-test-server.js';

interface StoreUnderTest {
  name: string;
  setUp: () => Promise<void>;
  /** A fresh, empty store. */
  open: () => ArtifactStore;
  tearDown: () => Promise<void>;
}

let folder = '';
let s3: S3TestServer | undefined;
let prefixCount = 0;

const stores: StoreUnderTest[] = [
  {
    name: 'local folder',
    setUp: () => {
      folder = mkdtempSync(join(tmpdir(), 'runboard-store-contract-'));
      return Promise.resolve();
    },
    open: () => new LocalArtifactStore(join(folder, `root-${(prefixCount += 1)}`)),
    tearDown: () => {
      rmSync(folder, { recursive: true, force: true });
      return Promise.resolve();
    },
  },
  {
    name: 'S3 (s3rver)',
    setUp: async () => {
      s3 = await startS3TestServer();
    },
    // Two keys per ListObjectsV2 page, so every listing and delete below goes through paging.
    open: () => (s3 as S3TestServer).store(`team/artifacts-${(prefixCount += 1)}`, { pageSize: 2 }),
    tearDown: async () => {
      await s3?.close();
    },
  },
];

function body(text: string | Buffer): Readable {
  return Readable.from([Buffer.from(text)]);
}

async function readText(store: ArtifactStore, path: string): Promise<string> {
  const { stream } = await store.read(path);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A body that sends some bytes and then fails, like a client that disconnects mid-upload. */
function brokenBody(): Readable {
  return new Readable({
    read() {
      this.push(Buffer.alloc(1024, 1));
      this.destroy(new Error('client went away'));
    },
  });
}

describe.each(stores)('artifact store contract: $name', { timeout: 30_000 }, (underTest) => {
  let store: ArtifactStore;

  // Starting s3rver (a Node process) takes seconds on a loaded machine.
  beforeAll(() => underTest.setUp(), 60_000);
  afterAll(() => underTest.tearDown(), 30_000);
  beforeEach(() => {
    store = underTest.open();
  });

  it('writes, overwrites and reads files back with their size', async () => {
    expect(await store.write('a/hello.txt', body('hello'))).toEqual({ size: 5, written: true });
    expect(await readText(store, 'a/hello.txt')).toBe('hello');
    await store.write('a/hello.txt', body('hello again'));
    const { size } = await store.read('a/hello.txt');
    expect(size).toBe(11);
    expect(await readText(store, 'a/hello.txt')).toBe('hello again');
    expect(await store.write('a/empty.txt', Readable.from([]))).toEqual({ size: 0, written: true });
    expect(await readText(store, 'a/empty.txt')).toBe('');
  });

  it('lists immediate children sorted, folders implied by nested files, sizes only for non-empty files', async () => {
    await store.write('run/b.txt', body('bb'));
    await store.write('run/a.txt', body('a'));
    await store.write('run/empty.txt', Readable.from([]));
    await store.write('run/model/MLmodel', body('flavors: {}'));
    await store.write('run/model/data/weights.bin', body(Buffer.alloc(10)));
    await store.write('run/zeta/x.txt', body('x'));
    expect(await store.list('run')).toEqual([
      { path: 'run/a.txt', isDir: false, fileSize: 1 },
      { path: 'run/b.txt', isDir: false, fileSize: 2 },
      { path: 'run/empty.txt', isDir: false },
      { path: 'run/model', isDir: true },
      { path: 'run/zeta', isDir: true },
    ]);
    expect(await store.list('run/model')).toEqual([
      { path: 'run/model/MLmodel', isDir: false, fileSize: 11 },
      { path: 'run/model/data', isDir: true },
    ]);
    expect(await store.list('')).toEqual([{ path: 'run', isDir: true }]);
    expect(await store.list('run/a.txt')).toBeUndefined();
    expect(await store.list('run/missing')).toBeUndefined();
  });

  it('lists every entry of a folder larger than one page', async () => {
    const names = Array.from({ length: 7 }, (_, index) => `f${index}.txt`);
    await Promise.all(names.map((name) => store.write(`many/${name}`, body(name))));
    await store.write('many/sub/x.txt', body('x'));
    const listed = await store.list('many');
    expect(listed?.map((entry) => entry.path)).toEqual([...names.map((name) => `many/${name}`), 'many/sub']);
  });

  it('tells files from folders', async () => {
    await store.write('k/file.txt', body('f'));
    expect(await store.kind('k/file.txt')).toBe('file');
    expect(await store.kind('k')).toBe('dir');
    expect(await store.kind('')).toBe('dir');
    expect(await store.kind('k/nothing')).toBeUndefined();
    expect(await store.kind('k/file')).toBeUndefined();
  });

  it('answers 404 RESOURCE_DOES_NOT_EXIST for a missing file, a folder and the root', async () => {
    await store.write('r/dir/file.txt', body('x'));
    for (const path of ['r/missing.txt', 'r/dir', '']) {
      await expect(store.read(path)).rejects.toMatchObject({ errorCode: 'RESOURCE_DOES_NOT_EXIST', status: 404 });
    }
  });

  it('deletes a file, or a folder with everything below it, but never a sibling sharing its name prefix', async () => {
    await store.write('d/run/x.txt', body('x'));
    await store.write('d/run/deep/a/b/c.txt', body('c'));
    for (let index = 0; index < 5; index += 1) await store.write(`d/run/deep/n${index}.txt`, body('n'));
    await store.write('d/run-2/keep.txt', body('keep'));
    await store.write('d/runner.txt', body('keep'));
    await store.delete('d/run/x.txt');
    expect(await store.kind('d/run/x.txt')).toBeUndefined();
    await store.delete('d/run');
    expect(await store.list('d')).toEqual([
      { path: 'd/run-2', isDir: true },
      { path: 'd/runner.txt', isDir: false, fileSize: 4 },
    ]);
    expect(await store.kind('d/run')).toBeUndefined();
    await store.delete('d/run');
    await store.delete('d/never-was');
    await expect(store.delete('')).rejects.toMatchObject({ errorCode: 'INVALID_PARAMETER_VALUE', message: 'Invalid path' });
    expect(await readText(store, 'd/run-2/keep.txt')).toBe('keep');
  });

  it('refuses a file below a file, and a file over a folder, with 400 and writes nothing', async () => {
    await store.write('c/file.txt', body('x'));
    await store.write('c/dir/inner.txt', body('y'));
    await expect(store.write('c/file.txt/inner.txt', body('z'))).rejects.toMatchObject({
      errorCode: 'INVALID_PARAMETER_VALUE',
      status: 400,
    });
    await expect(store.write('c/dir', body('z'))).rejects.toMatchObject({ errorCode: 'INVALID_PARAMETER_VALUE', status: 400 });
    await expect(store.write('', body('z'))).rejects.toMatchObject({ message: 'Invalid path' });
    expect(await readText(store, 'c/file.txt')).toBe('x');
    expect(await readText(store, 'c/dir/inner.txt')).toBe('y');
    expect(await store.kind('c/file.txt/inner.txt')).toBeUndefined();
  });

  it('keeps the existing file when data is required and the body is empty', async () => {
    await store.write('e/file.txt', body('kept'));
    expect(await store.write('e/file.txt', Readable.from([]), { requireData: true })).toEqual({ size: 0, written: false });
    expect(await readText(store, 'e/file.txt')).toBe('kept');
    expect(await store.write('e/new.txt', Readable.from([]), { requireData: true })).toEqual({ size: 0, written: false });
    expect(await store.kind('e/new.txt')).toBeUndefined();
  });

  it('refuses a body over the size limit and keeps the previous file', async () => {
    await store.write('s/file.bin', body('previous'));
    await expect(store.write('s/file.bin', body(Buffer.alloc(101)), { maxBytes: 100 })).rejects.toMatchObject({
      errorCode: 'INVALID_PARAMETER_VALUE',
      message: 'Artifact size is too large. Max size is 100 bytes.',
    });
    expect(await readText(store, 's/file.bin')).toBe('previous');
    expect(await store.write('s/ok.bin', body(Buffer.alloc(100)), { maxBytes: 100 })).toEqual({ size: 100, written: true });
  });

  it('leaves no file behind (and the previous one intact) when an upload breaks off', async () => {
    await store.write('b/file.bin', body('previous'));
    await expect(store.write('b/file.bin', brokenBody())).rejects.toThrow();
    await expect(store.write('b/new.bin', brokenBody())).rejects.toThrow();
    expect(await readText(store, 'b/file.bin')).toBe('previous');
    expect(await store.list('b')).toEqual([{ path: 'b/file.bin', isDir: false, fileSize: 8 }]);
  });

  it('streams a multipart-sized upload and download byte for byte', async () => {
    // 20 MB + 3 bytes: three 8 MB parts on S3, produced lazily so the test never holds it whole.
    const size = 20 * 1024 * 1024 + 3;
    const chunk = { length: 1024 * 1024 };
    const source = (function* () {
      for (let sent = 0; sent < size; sent += chunk.length) yield Buffer.alloc(Math.min(chunk.length, size - sent), sent % 251);
    })();
    const sent = createHash('sha256');
    const counted = Readable.from(
      (function* () {
        for (const piece of source) {
          sent.update(piece);
          yield piece;
        }
      })(),
    );
    expect(await store.write('big/model.bin', counted)).toEqual({ size, written: true });
    const { stream, size: readSize } = await store.read('big/model.bin');
    expect(readSize).toBe(size);
    const received = createHash('sha256');
    for await (const piece of stream) received.update(piece as Buffer);
    expect(received.digest('hex')).toBe(sent.digest('hex'));
  });
});

describe('S3 store failures', { timeout: 60_000 }, () => {
  it('answers 503 TEMPORARILY_UNAVAILABLE when the endpoint stops answering', async () => {
    const server = await startS3TestServer('gone-test');
    const store = server.store('p');
    await store.write('a/file.txt', body('x'));
    await server.close();
    const fresh = new S3Client({ ...s3ClientConfigFromEnv(server.env), credentials: S3RVER_CREDENTIALS, maxAttempts: 1 });
    const orphan = new S3ArtifactStore({ bucket: 'gone-test', prefix: 'p' }, fresh);
    try {
      for (const attempt of [
        () => orphan.read('a/file.txt'),
        () => orphan.list('a'),
        () => orphan.write('a/new.txt', body('y')),
        () => orphan.delete('a'),
      ]) {
        await expect(attempt()).rejects.toMatchObject({ errorCode: 'TEMPORARILY_UNAVAILABLE', status: 503 });
      }
    } finally {
      orphan.close();
    }
  });

  it('fails an upload with 503 (and does not hang) when the endpoint dies in the middle of it', async () => {
    const server = await startS3TestServer('crash-test');
    try {
      const store = new S3ArtifactStore(
        { bucket: 'crash-test', prefix: 'p' },
        new S3Client({ ...s3ClientConfigFromEnv(server.env), credentials: S3RVER_CREDENTIALS, maxAttempts: 1 }),
      );
      // 40 MB in 1 MB pieces; after 12 MB (the first part is on its way) the server is killed.
      const pieces = (async function* () {
        for (let index = 0; index < 40; index += 1) {
          if (index === 12) await server.crash();
          yield Buffer.alloc(1024 * 1024, index);
        }
      })();
      await expect(store.write('big.bin', Readable.from(pieces))).rejects.toMatchObject({
        errorCode: 'TEMPORARILY_UNAVAILABLE',
        status: 503,
      });
      store.close();
    } finally {
      await server.close();
    }
  });
});

describe('S3 store keys', { timeout: 60_000 }, () => {
  it('keeps every object under its prefix and rejects escaping paths', async () => {
    const server = await startS3TestServer('prefix-test');
    try {
      const store = server.store('team/a');
      await store.write('1/run/file.txt', body('x'));
      for (const path of ['../b/x', '1/../../x', 'a\\b', 'a\0b']) {
        await expect(store.write(path, body('x'))).rejects.toMatchObject({ message: 'Invalid path' });
      }
      const keys = await server.client.send(new ListObjectsV2Command({ Bucket: 'prefix-test' }));
      expect(keys.Contents?.map((object) => object.Key)).toEqual(['team/a/1/run/file.txt']);
    } finally {
      await server.close();
    }
  });
});
