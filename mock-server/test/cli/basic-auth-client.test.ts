// The CLI with --app-name basic-auth, driven by a Python `requests` client that authenticates the
// way the `mlflow` client does (HTTP basic auth on every call), and the first admin's password.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startCliInFolder, type RunningServer } from '../support/cli-process.js';

const script = join(import.meta.dirname, 'basic-auth-client.py');
const running: RunningServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop('SIGINT')));
});

async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const server = await startCliInFolder('rb-auth-cli-', ['--app-name', 'basic-auth'], {
    env: { RUNBOARD_ADMIN_USERNAME: '', RUNBOARD_ADMIN_PASSWORD: '', ...env },
  });
  running.push(server);
  return server;
}

interface Step {
  status: number;
  body: Record<string, unknown> | string;
  www_authenticate: string | null;
}

describe('--app-name basic-auth', { timeout: 60_000 }, () => {
  it('works with a Python requests client that sends basic auth like the mlflow client', async () => {
    const { url } = await startServer({ RUNBOARD_ADMIN_USERNAME: 'boss', RUNBOARD_ADMIN_PASSWORD: 'boss-password-1' });
    const result = spawnSync('python3', [script, url, 'boss', 'boss-password-1'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status, result.stderr).toBe(0);
    const steps = JSON.parse(result.stdout) as Record<string, Step>;
    const status = (step: string) => steps[step]?.status;
    expect(status('anonymous')).toBe(401);
    expect(steps.anonymous?.www_authenticate).toBe('Basic realm="mlflow"');
    expect(steps.anonymous?.body).toMatchObject({ error_code: 'UNAUTHENTICATED' });
    expect(status('wrong_password')).toBe(401);
    for (const step of [
      'create_writer',
      'create_reader',
      'create_experiment',
      'create_run',
      'log_batch',
      'upload_artifact',
      'writer_self',
      'reader_get_run',
    ]) {
      expect(status(step), `${step}: ${JSON.stringify(steps[step])}`).toBe(200);
    }
    expect(steps.writer_self?.body).toMatchObject({ user: { username: 'py-writer', experiment_permissions: [{ permission: 'MANAGE' }] } });
    expect(status('reader_log_metric')).toBe(403);
    expect(steps.reader_log_metric?.body).toEqual({ error_code: 'PERMISSION_DENIED', message: 'Permission denied' });
    expect(status('grant_reader_edit')).toBe(200);
    expect(status('reader_log_metric_after_grant')).toBe(200);
    expect(status('reader_delete_run')).toBe(403);
  });

  it('without RUNBOARD_ADMIN_PASSWORD creates the admin with a random password printed once', async () => {
    const { url, output } = await startServer({});
    const printed = /Created the admin user 'admin' with the password (\S+)/.exec(output());
    expect(printed?.[1]?.length).toBeGreaterThanOrEqual(20);
    const authorization = `Basic ${Buffer.from(`admin:${printed?.[1] ?? ''}`).toString('base64')}`;
    expect((await fetch(`${url}/api/2.0/mlflow/users/get?username=admin`, { headers: { authorization } })).status).toBe(200);
    expect((await fetch(`${url}/api/2.0/mlflow/users/get?username=admin`)).status).toBe(401);
  });

  it('refuses an unknown app name with exit code 2', () => {
    const result = runCli(['--app-name', 'oidc']);
    expect(result.status).toBe(2);
    expect(result.output).toContain("the only app is 'basic-auth'");
  });
});
