// The CLI as a user runs it: flags like `mlflow server`, exit code 2 on bad flags, clean Ctrl-C.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const launcher = join(import.meta.dirname, '..', '..', 'start.mjs');

function runCli(args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [launcher, '--no-build', ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

// Each run starts Node with tsx, which takes a few seconds on a small machine.
describe('runboard CLI', { timeout: 40_000 }, () => {
  it('rejects an unknown flag with a message and exit code 2', () => {
    const { status, output } = runCli(['--bogus']);
    expect(status).toBe(2);
    expect(output).toContain("unknown option '--bogus'");
  });

  it('rejects a bad port and a bad store URI with exit code 2', () => {
    expect(runCli(['--port', 'eighty']).status).toBe(2);
    const badUri = runCli(['--backend-store-uri', 'mysql://db/mlflow']);
    expect(badUri.status).toBe(2);
    expect(badUri.output).toContain('Unsupported backend store URI');
  });

  it('prints help with exit code 0', () => {
    const { status, output } = runCli(['--help']);
    expect(status).toBe(0);
    expect(output).toContain('--backend-store-uri');
    expect(output).toContain('--proxy-to');
  });

  it('serves on the given port with a file store and stops cleanly on SIGINT', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'rb-cli-'));
    const child = spawn(
      process.execPath,
      [launcher, '--no-build', '--port', '0', '--backend-store-uri', `sqlite:///${join(folder, 'store.db')}`, '--artifacts-destination', join(folder, 'artifacts')],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 20_000);
      child.stdout.on('data', () => {
        const found = /http:\/\/localhost:(\d+)/.exec(output);
        if (found) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${found[1]}`);
        }
      });
    });
    const health = await fetch(`${url}/health`);
    expect(await health.text()).toBe('OK');
    const exitCode = await new Promise<number | null>((resolve) => {
      child.on('exit', (code) => resolve(code));
      child.kill('SIGINT');
    });
    expect(exitCode).toBe(0);
    expect(output).toContain('shutting down');
  });

  it('takes --allowed-hosts and MLFLOW_SERVER_CORS_ALLOWED_ORIGINS like mlflow server', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'rb-cli-'));
    const child = spawn(
      process.execPath,
      [launcher, '--no-build', '--port', '0', '--backend-store-uri', 'sqlite:///:memory:', '--artifacts-destination', join(folder, 'artifacts'), '--allowed-hosts', 'mlflow.test, *.corp.test'],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MLFLOW_SERVER_CORS_ALLOWED_ORIGINS: 'https://notebook.corp.test' } },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 20_000);
      child.stdout.on('data', () => {
        const found = /http:\/\/localhost:(\d+)/.exec(output);
        if (found) {
          clearTimeout(timer);
          resolve(Number(found[1]));
        }
      });
    });
    const status = (host: string, headers: Record<string, string> = {}, method = 'GET') =>
      new Promise<{ status: number; allowOrigin: string | undefined }>((resolve, reject) => {
        const request = http.request({ host: '127.0.0.1', port, method, path: '/api/2.0/mlflow/experiments/search', headers: { host, ...headers } }, (response) => {
          response.resume();
          resolve({ status: response.statusCode ?? 0, allowOrigin: response.headers['access-control-allow-origin'] });
        });
        request.on('error', reject);
        request.end();
      });
    try {
      expect((await status('mlflow.test')).status).toBe(200);
      expect((await status('runs.corp.test')).status).toBe(200);
      // As in MLflow, a pattern matches the whole Host header, port included.
      expect((await status('runs.corp.test:8080')).status).toBe(403);
      // Configured hosts replace the defaults.
      expect((await status(`127.0.0.1:${port}`)).status).toBe(403);
      const preflight = await status('mlflow.test', { origin: 'https://notebook.corp.test', 'access-control-request-method': 'POST' }, 'OPTIONS');
      expect(preflight).toEqual({ status: 204, allowOrigin: 'https://notebook.corp.test' });
    } finally {
      await new Promise((resolve) => {
        child.on('exit', resolve);
        child.kill('SIGINT');
      });
    }
  });
});
