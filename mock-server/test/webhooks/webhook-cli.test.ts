// `--allow-local-webhooks` as a user runs it: the real CLI process, a receiver on 127.0.0.1.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startReceiver } from './webhook-test-kit.js';

const launcher = join(import.meta.dirname, '..', '..', 'start.mjs');

async function withCli(flags: string[], body: (url: string) => Promise<void>): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'rb-webhooks-cli-'));
  const child = spawn(
    process.execPath,
    [
      launcher,
      '--no-build',
      '--port',
      '0',
      '--backend-store-uri',
      `sqlite:///${join(folder, 'store.db')}`,
      '--artifacts-destination',
      join(folder, 'artifacts'),
      ...flags,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
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
    await body(url);
  } finally {
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    await exited;
    rmSync(folder, { recursive: true, force: true });
  }
}

const post = (url: string, path: string, body: unknown) =>
  fetch(`${url}/api/2.0/mlflow/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('runboard --allow-local-webhooks', { timeout: 60_000 }, () => {
  it('without the flag a loopback webhook is refused; with it, it is saved and receives deliveries', async () => {
    const receiver = await startReceiver();
    const webhook = { name: 'local', url: receiver.url, events: [{ entity: 'REGISTERED_MODEL', action: 'CREATED' }] };
    try {
      await withCli([], async (url) => {
        const refused = await post(url, 'webhooks', webhook);
        expect(refused.status).toBe(400);
        expect(((await refused.json()) as { message: string }).message).toContain('--allow-local-webhooks');
      });
      await withCli(['--allow-local-webhooks'], async (url) => {
        expect((await post(url, 'webhooks', webhook)).status).toBe(200);
        expect((await post(url, 'registered-models/create', { name: 'from-cli' })).status).toBe(200);
        const [request] = await receiver.waitFor(1, 5000);
        expect(JSON.parse(request?.body ?? '{}')).toMatchObject({
          entity: 'registered_model',
          action: 'created',
          data: { name: 'from-cli' },
        });
      });
    } finally {
      await receiver.close();
    }
  });
});
