// A 1 GB artifact through the mlflow-artifacts proxy (PUT, then GET), into a local folder and into
// S3 (s3rver in its own process), while the server's resident memory is sampled every 100 ms:
// uploads and downloads stream, so the server's peak RSS must stay far below the artifact's size.
// Not part of `npm test`.
//
//   node --import tsx bench/artifact-upload.ts            1 GB, local folder and S3
//   node --import tsx bench/artifact-upload.ts --mb=200   a smaller artifact
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { startS3TestServer } from '../mock-server/test/artifacts/s3-test-server.js';
import { startServer, type ServerProcess } from './lib/server-process.js';

const megabytes = Number(process.argv.find((arg) => arg.startsWith('--mb='))?.slice('--mb='.length) ?? 1024);
const CHUNK = 1024 * 1024;

function log(message: string): void {
  process.stdout.write(`[upload ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** RSS of the server process and its children (the workers), in MB. */
function rssMb(pid: number): number {
  try {
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Samples the server's RSS until stopped; answers the highest value seen. */
function sampleRss(server: ServerProcess): { stop: () => number } {
  let peak = rssMb(server.pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(server.pid))), 100);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, rssMb(server.pid));
    },
  };
}

/** Deterministic content: chunk i is filled with byte i % 251. */
function chunkAt(index: number): Buffer {
  return Buffer.alloc(CHUNK, index % 251);
}

function put(url: URL): Promise<{ status: number; sha256: string }> {
  const hash = createHash('sha256');
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'PUT', headers: { 'content-length': String(megabytes * CHUNK) } }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, sha256: hash.digest('hex') }));
    });
    request.on('error', reject);
    let index = 0;
    const writeMore = (): void => {
      while (index < megabytes) {
        const chunk = chunkAt(index);
        hash.update(chunk);
        index += 1;
        if (!request.write(chunk)) {
          request.once('drain', writeMore);
          return;
        }
      }
      request.end();
    };
    writeMore();
  });
}

function get(url: URL): Promise<{ status: number; bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          hash.update(chunk);
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes, sha256: hash.digest('hex') }));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

async function measure(label: string, destination: string, env: Record<string, string>): Promise<void> {
  const folder = mkdtempSync(join(os.tmpdir(), 'runboard-upload-bench-'));
  const server = await startServer({
    dbPath: join(folder, 'bench.db'),
    artifactsDir: folder,
    env,
    extraArgs: ['--artifacts-destination', destination],
    timeoutMs: 120_000,
  });
  try {
    const url = new URL(`${server.baseUrl}/api/2.0/mlflow-artifacts/artifacts/0/run/artifacts/model.bin`);
    const idle = rssMb(server.pid);
    let sampler = sampleRss(server);
    let started = performance.now();
    const upload = await put(url);
    const uploadSeconds = (performance.now() - started) / 1000;
    const uploadPeak = sampler.stop();
    sampler = sampleRss(server);
    started = performance.now();
    const download = await get(url);
    const downloadSeconds = (performance.now() - started) / 1000;
    const downloadPeak = sampler.stop();
    const intact =
      upload.status === 200 && download.status === 200 && download.bytes === megabytes * CHUNK && download.sha256 === upload.sha256;
    log(
      `${label}: ${megabytes} MB; RSS idle ${idle.toFixed(0)} MB, peak during upload ${uploadPeak.toFixed(0)} MB (${uploadSeconds.toFixed(1)} s, ` +
        `${(megabytes / uploadSeconds).toFixed(0)} MB/s), during download ${downloadPeak.toFixed(0)} MB (${downloadSeconds.toFixed(1)} s); ` +
        `${intact ? 'bytes intact (sha256 match)' : `BROKEN: PUT ${upload.status}, GET ${download.status}, ${download.bytes} bytes`}`,
    );
  } finally {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

log(
  `load average at start: ${os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')} on ${os.cpus().length} CPUs`,
);
const localFolder = mkdtempSync(join(os.tmpdir(), 'runboard-upload-local-'));
try {
  await measure('local folder', localFolder, {});
} finally {
  rmSync(localFolder, { recursive: true, force: true });
}
const s3 = await startS3TestServer('upload-bench');
try {
  await measure('S3 (s3rver)', 's3://upload-bench/artifacts', s3.env);
} finally {
  await s3.close();
}
