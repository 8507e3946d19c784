// --artifacts-destination as a user runs it: a local folder, s3://bucket/prefix on a real
// S3-compatible server (s3rver), and every destination the server cannot serve refused at start
// with a clear message and exit code 2 (never a folder named `s3:` or `gs:` in the working folder).
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3TestServer, type S3TestServer } from '../artifacts/s3-test-server.js';
import { closedPort, runCli, startCli, stopAllCli } from '../support/cli-process.js';

let s3: S3TestServer;
let folder: string;

// Starting s3rver (a Node process) takes seconds on a loaded machine.
beforeAll(async () => {
  s3 = await startS3TestServer('team-artifacts');
  folder = mkdtempSync(join(tmpdir(), 'rb-cli-artifacts-'));
}, 60_000);

afterAll(async () => {
  await stopAllCli();
  await s3.close();
  rmSync(folder, { recursive: true, force: true });
}, 30_000);

describe('--artifacts-destination', { timeout: 60_000 }, () => {
  it('refuses schemes it cannot serve, creating nothing in the working folder', () => {
    const cwd = mkdtempSync(join(folder, 'cwd-'));
    for (const [uri, message] of [
      ['gs://bucket/prefix', "Unsupported artifacts destination 'gs://bucket/prefix'"],
      ['wasbs://container@account.blob.core.windows.net/x', 'Unsupported artifacts destination'],
      ['s3://', "Invalid S3 destination 's3://'"],
      ['s3://Not_A_Bucket/x', 'valid bucket name'],
    ] as const) {
      const { status, output } = runCli(['--backend-store-uri', 'sqlite:///:memory:', '--port', '0', '--artifacts-destination', uri], {
        cwd,
      });
      expect(status, output).toBe(2);
      expect(output).toContain(message);
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses a missing bucket, refused credentials and an unreachable endpoint with exit code 2', async () => {
    const missing = runCli(
      ['--backend-store-uri', 'sqlite:///:memory:', '--port', '0', '--artifacts-destination', 's3://no-such-bucket/runs'],
      { env: s3.env },
    );
    expect(missing.status, missing.output).toBe(2);
    expect(missing.output).toContain('The bucket of s3://no-such-bucket/runs does not exist');

    // s3rver checks the access key id (it does not verify SigV4 signatures, so a wrong secret passes there).
    const badKey = runCli(
      ['--backend-store-uri', 'sqlite:///:memory:', '--port', '0', '--artifacts-destination', 's3://team-artifacts/runs'],
      {
        env: { ...s3.env, AWS_ACCESS_KEY_ID: 'AKIANOTAKEY' },
      },
    );
    expect(badKey.status, badKey.output).toBe(2);
    expect(badKey.output).toContain('refused the credentials for s3://team-artifacts/runs (InvalidAccessKeyId)');

    const port = await closedPort();
    const unreachable = runCli(
      ['--backend-store-uri', 'sqlite:///:memory:', '--port', '0', '--artifacts-destination', 's3://team-artifacts/runs'],
      {
        env: { ...s3.env, MLFLOW_S3_ENDPOINT_URL: `http://127.0.0.1:${port}` },
      },
    );
    expect(unreachable.status, unreachable.output).toBe(2);
    expect(unreachable.output).toContain(`Cannot reach the S3 endpoint http://127.0.0.1:${port}`);
  });

  it('stores run artifacts in the bucket under the prefix, served through mlflow-artifacts:/ URIs', async () => {
    const server = await startCli(
      ['--backend-store-uri', `sqlite:///${join(folder, 'store.db')}`, '--artifacts-destination', 's3://team-artifacts/mlflow/prod'],
      { env: s3.env },
    );
    try {
      const post = (path: string, body: unknown) =>
        fetch(`${server.url}/api/2.0/mlflow/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const { experiment_id: experimentId } = (await (await post('experiments/create', { name: 's3' })).json()) as {
        experiment_id: string;
      };
      const { run } = (await (await post('runs/create', { experiment_id: experimentId })).json()) as {
        run: { info: { run_id: string; artifact_uri: string } };
      };
      expect(run.info.artifact_uri).toBe(`mlflow-artifacts:/${experimentId}/${run.info.run_id}/artifacts`);

      const runPath = `${experimentId}/${run.info.run_id}/artifacts`;
      const put = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/${runPath}/model/MLmodel`, {
        method: 'PUT',
        body: 'flavors: {}\n',
      });
      expect(put.status).toBe(200);
      const listing = await fetch(`${server.url}/api/2.0/mlflow/artifacts/list?run_id=${run.info.run_id}`);
      expect(await listing.json()).toEqual({ root_uri: run.info.artifact_uri, files: [{ path: 'model', is_dir: true }] });
      const download = await fetch(`${server.url}/get-artifact?run_uuid=${run.info.run_id}&path=model/MLmodel`);
      expect(await download.text()).toBe('flavors: {}\n');

      const keys = await s3.client.send(new ListObjectsV2Command({ Bucket: 'team-artifacts' }));
      expect(keys.Contents?.map((object) => object.Key)).toEqual([`mlflow/prod/${runPath}/model/MLmodel`]);
    } finally {
      expect(await server.stop('SIGINT')).toBe(0);
    }
  });
});
