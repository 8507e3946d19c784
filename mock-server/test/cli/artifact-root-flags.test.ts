// `--default-artifact-root` and `--serve-artifacts` / `--no-serve-artifacts` as a user runs them:
// roots the server could not read and contradictory flags exit 2 with a message; a served-off
// server gives experiments the direct root and answers the proxy routes with 503.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, runCli, startCli, stopAllCli } from '../support/cli-process.js';

let folder: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'rb-cli-artifact-root-'));
});

afterAll(async () => {
  await stopAllCli();
  rmSync(folder, { recursive: true, force: true });
}, 30_000);

describe('--default-artifact-root and --no-serve-artifacts', { timeout: 120_000 }, () => {
  it('refuses roots it cannot read and --no-serve-artifacts without a root, creating nothing', () => {
    const cwd = mkdtempSync(join(folder, 'cwd-'));
    const memory = ['--backend-store-uri', 'sqlite:///:memory:', '--port', '0'];
    for (const [args, message] of [
      [['--default-artifact-root', 'gs://bucket/prefix'], "Unsupported artifacts destination 'gs://bucket/prefix'"],
      [['--default-artifact-root', 's3://Not_A_Bucket/x'], 'valid bucket name'],
      [['--no-serve-artifacts'], '--no-serve-artifacts needs --default-artifact-root'],
      [['--no-serve-artifacts', '--default-artifact-root', 'mlflow-artifacts:/'], '--no-serve-artifacts needs --default-artifact-root'],
    ] as const) {
      const { status, output } = runCli([...memory, ...args], { cwd });
      expect(status, output).toBe(2);
      expect(output).toContain(message);
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('exits 2 when an s3:// root cannot be reached', async () => {
    const { status, output } = runCli(
      [
        '--backend-store-uri',
        'sqlite:///:memory:',
        '--port',
        '0',
        '--no-serve-artifacts',
        '--default-artifact-root',
        's3://team-bucket/mlflow',
      ],
      { env: { MLFLOW_S3_ENDPOINT_URL: `http://127.0.0.1:${await closedPort()}`, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' } },
    );
    expect(status, output).toBe(2);
    expect(output).toContain('Cannot use the artifact store');
  });

  it('serves experiments under a file:// root and answers the proxy with 503', async () => {
    const root = pathToFileURL(join(folder, 'team-root')).href;
    const server = await startCli(['--backend-store-uri', 'sqlite:///:memory:', '--no-serve-artifacts', '--default-artifact-root', root]);
    const created = await fetch(`${server.url}/api/2.0/mlflow/experiments/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'direct' }),
    });
    const { experiment_id: id } = (await created.json()) as { experiment_id: string };
    const experiment = (await (await fetch(`${server.url}/api/2.0/mlflow/experiments/get?experiment_id=${id}`)).json()) as {
      experiment: { artifact_location: string };
    };
    expect(experiment.experiment.artifact_location).toBe(`${root}/${id}`);
    const proxy = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts?path=x`);
    expect(proxy.status).toBe(503);
    expect(await server.stop()).toBe(0);
  });
});
