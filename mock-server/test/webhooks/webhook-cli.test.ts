// `--allow-local-webhooks` as a user runs it: the real CLI process, a receiver on 127.0.0.1.
import { describe, expect, it } from 'vitest';
import { startCliInFolder } from '../support/cli-process.js';
import { startReceiver } from './webhook-test-kit.js';

async function withCli(flags: string[], body: (url: string) => Promise<void>): Promise<void> {
  const server = await startCliInFolder('rb-webhooks-cli-', flags);
  try {
    await body(server.url);
  } finally {
    await server.stop('SIGINT');
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
