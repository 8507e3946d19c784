// A real S3-compatible endpoint for tests: s3rver in a child process on a free loopback port, its
// objects in a temp folder, with a bucket created through the AWS SDK as a user would.
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3ArtifactStore, s3ClientConfigFromEnv } from '../../artifacts/s3-artifact-store.js';

/** s3rver accepts only these credentials (and checks the request signatures made with them). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

const RUNNER = join(import.meta.dirname, 'run-s3rver.mjs');

export interface S3TestServer {
  endpoint: string;
  bucket: string;
  /** The environment a Runboard process needs to reach the bucket, as MLflow users set it. */
  env: Record<string, string>;
  client: S3Client;
  /** A store on `s3://<bucket>/<prefix>`. */
  store(prefix: string, options?: { pageSize?: number }): S3ArtifactStore;
  /** Kills the S3 server at once (SIGKILL), as a crash or a network cut would stop it. */
  crash(): Promise<void>;
  close(): Promise<void>;
}

export async function startS3TestServer(bucket = 'runboard-test'): Promise<S3TestServer> {
  const directory = mkdtempSync(join(tmpdir(), 'runboard-s3rver-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', RUNNER, directory, bucket], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const found = /s3rver listening on (\d+)/.exec(output);
      if (found) resolve(Number(found[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`s3rver exited with ${String(code)}: ${output}`)));
  });
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill(signal);
    });
  };
  const endpoint = `http://127.0.0.1:${port}`;
  const env = {
    MLFLOW_S3_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
  };
  const client = new S3Client({ ...s3ClientConfigFromEnv(env), credentials: S3RVER_CREDENTIALS });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    endpoint,
    bucket,
    env,
    client,
    store: (prefix, options) => new S3ArtifactStore({ bucket, prefix }, client, options),
    crash: () => stop('SIGKILL'),
    close: async () => {
      client.destroy();
      await stop('SIGTERM');
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
