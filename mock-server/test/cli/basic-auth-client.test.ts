// The CLI with --app-name basic-auth, driven by a Python `requests` client that authenticates the
// way the `mlflow` client does (HTTP basic auth on every call), and the first admin's password.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const launcher = join(import.meta.dirname, '..', '..', 'start.mjs');
const script = join(import.meta.dirname, 'basic-auth-client.py');
const running: ChildProcessWithoutNullStreams[] = [];
const folders: string[] = [];

afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGINT');
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function startServer(env: Record<string, string>): Promise<{ url: string; output: () => string }> {
  const folder = mkdtempSync(join(tmpdir(), 'rb-auth-cli-'));
  folders.push(folder);
  const args = ['--no-build', '--port', '0', '--app-name', 'basic-auth', '--backend-store-uri', `sqlite:///${join(folder, 'store.db')}`];
  const child = spawn(process.execPath, [launcher, ...args, '--artifacts-destination', join(folder, 'artifacts')], {
    env: { ...process.env, RUNBOARD_ADMIN_USERNAME: '', RUNBOARD_ADMIN_PASSWORD: '', ...env },
  });
  running.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 30_000);
    child.stdout.on('data', () => {
      const found = /http:\/\/localhost:(\d+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${found[1]}`);
      }
    });
  });
  return { url, output: () => output };
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
    const result = spawnSync(process.execPath, [launcher, '--no-build', '--app-name', 'oidc'], { encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(2);
    expect(`${result.stdout}${result.stderr}`).toContain("the only app is 'basic-auth'");
  });
});
