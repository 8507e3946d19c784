// Settings → Webhooks against the real bundled server and a real HTTP receiver on 127.0.0.1: create,
// edit, test, see deliveries (a registry change made through the REST API included) in the log,
// disable and delete; the model page lists the webhooks a promotion fires.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, expectNoSeriousA11yIssues, test, type MlflowApi } from './support/fixtures';
import { modelUrl, screenshotRegistry, seedModel } from './support/registry-seed';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function startReceiver(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('received by the e2e receiver');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/mlflow-events`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Other specs share this server: leave no webhook behind to fire during them. */
async function deleteAllWebhooks(api: MlflowApi): Promise<void> {
  const { webhooks = [] } = await api.call<{ webhooks?: { webhook_id: string }[] }>('GET', 'webhooks', { max_results: '1000' });
  for (const webhook of webhooks) await api.call('DELETE', `webhooks/${webhook.webhook_id}`);
}

function signatureOf(secret: string, request: Received): string {
  const content = `${String(request.headers['x-mlflow-delivery-id'])}.${String(request.headers['x-mlflow-timestamp'])}.${request.body}`;
  return `v1,${createHmac('sha256', secret).update(content).digest('base64')}`;
}

test.describe('webhooks', () => {
  test('create, edit, test, see deliveries, list on the model page, disable and delete', async ({ page, api, consoleGuard }) => {
    await deleteAllWebhooks(api);
    const receiver = await startReceiver();
    try {
      const seeded = await seedModel(api, 'rb-hooks', [{ metrics: { accuracy: 0.9 }, params: { lr: '0.1' } }]);

      // From the app header.
      await page.goto('/models');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
      await expect(page).toHaveURL(/\/settings\/webhooks$/);
      await expect(page.getByRole('heading', { name: 'No webhooks yet' })).toBeVisible();

      // Create: the form explains what is wrong before anything is sent.
      await page.getByRole('button', { name: 'New webhook' }).first().click();
      let dialog = page.getByRole('dialog', { name: 'New webhook' });
      await dialog.getByLabel('Name').fill('Deploy hook');
      await dialog.getByLabel('URL').fill('ftp://ci.example.com/hook');
      await dialog.getByRole('button', { name: 'Create webhook' }).click();
      await expect(dialog.getByText('Only http:// and https:// URLs can receive webhooks, not ftp://.')).toBeVisible();
      // What only the server checks comes back as its readable message, in the dialog.
      consoleGuard.allow(/status of 400/);
      await dialog.getByLabel('URL').fill('http://deploy:hunter2@ci.example.com/hook');
      await dialog.getByRole('button', { name: 'Create webhook' }).click();
      await expect(dialog.getByRole('alert')).toHaveText(/credentials in the URL are not allowed; use the webhook secret/);
      expect((await api.call<{ webhooks?: unknown[] }>('GET', 'webhooks')).webhooks ?? []).toEqual([]);
      await dialog.getByLabel('URL').fill(receiver.url);
      await dialog.getByLabel('Description').fill('Redeploys the serving endpoint');
      await expect(dialog.getByRole('checkbox', { name: /Alias set or moved/ })).toBeChecked();
      await dialog.getByRole('checkbox', { name: /Stage transition/ }).check();
      await dialog.getByLabel('Signing secret').fill('e2e-secret');
      await screenshotRegistry(page, 'webhooks-create-dialog');
      await expectNoSeriousA11yIssues(page);
      await dialog.getByRole('button', { name: 'Create webhook' }).click();
      await expect(dialog).toBeHidden();
      const table = page.getByRole('table', { name: /Webhooks/ });
      const row = table.getByRole('row', { name: /Deploy hook/ });
      await expect(row).toContainText(receiver.url);
      await expect(row).toContainText('Alias set or moved');
      await expect(row).toContainText('Stage transition');
      await expect(row).toContainText('Active');
      // The new webhook's (empty) delivery log opens, and the URL says which one.
      await expect(page.getByText('Nothing sent yet.')).toBeVisible();
      await expect(page).toHaveURL(/\?webhook=[0-9a-f]{32}$/);

      // Edit the name; the secret field stays empty (the secret is never sent back).
      await row.getByRole('button', { name: 'Edit' }).click();
      dialog = page.getByRole('dialog', { name: 'Edit webhook “Deploy hook”' });
      await expect(dialog.getByLabel('Signing secret')).toHaveValue('');
      await dialog.getByLabel('Name').fill('Deploy hook (prod)');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect(dialog).toBeHidden();
      const edited = table.getByRole('row', { name: /Deploy hook \(prod\)/ });
      await expect(edited).toBeVisible();

      // Test: MLflow's example payload, signed, and a row in the log.
      await edited.getByRole('button', { name: 'Test' }).click();
      await expect(page.getByTestId('toast-success').last()).toContainText('Test delivered to “Deploy hook (prod)”: HTTP 200');
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]?.headers['x-mlflow-signature']).toBe(signatureOf('e2e-secret', receiver.received[0]!));
      const log = page.getByRole('table', { name: /Delivery log/ });
      await expect(log.getByRole('row').nth(1)).toContainText(
        /Alias set or moved.*Delivered.*test.*#1.*200.*ms.*received by the e2e receiver/,
      );

      // A registry change made the way MLflow's client makes it is delivered and logged.
      await api.call('POST', 'registered-models/alias', { name: seeded.name, alias: 'champion', version: '1' });
      await expect.poll(() => receiver.received.length).toBe(2);
      const delivered = JSON.parse(receiver.received[1]?.body ?? '{}') as Record<string, unknown>;
      expect(delivered).toMatchObject({
        entity: 'model_version_alias',
        action: 'created',
        data: { name: seeded.name, alias: 'champion', version: '1' },
      });
      expect(receiver.received[1]?.headers['x-mlflow-signature']).toBe(signatureOf('e2e-secret', receiver.received[1]!));
      await expect(async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        await expect(log.getByRole('row')).toHaveCount(3, { timeout: 1000 });
      }).toPass();
      await expect(log.getByRole('row').nth(1)).toContainText(/Alias set or moved.*Delivered.*#1.*200/);
      await expect(log.getByRole('row').nth(1)).not.toContainText('test');
      await screenshotRegistry(page, 'webhooks-page');
      await expectNoSeriousA11yIssues(page);

      // A receiver that is down: each attempt is logged, and the log follows the retries by itself.
      const deadPort = await new Promise<number>((resolve) => {
        const probe = http.createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as AddressInfo;
          probe.close(() => resolve(port));
        });
      });
      await api.call('POST', 'webhooks', {
        name: 'Down receiver',
        url: `http://127.0.0.1:${deadPort}/hook`,
        events: [{ entity: 'MODEL_VERSION_STAGE', action: 'TRANSITIONED' }],
      });
      await page.reload();
      await api.call('POST', 'model-versions/transition-stage', {
        name: seeded.name,
        version: '1',
        stage: 'Staging',
        archive_existing_versions: false,
      });
      await table
        .getByRole('row', { name: /Down receiver/ })
        .getByRole('button', { name: 'Deliveries' })
        .click();
      await expect(page.getByRole('heading', { name: /Delivery log · Down receiver/ })).toBeVisible();
      await expect(log.getByRole('row').nth(1)).toContainText(
        /Stage transition \(Runboard\).*Retrying.*next try.*#\d.*no answer.*ECONNREFUSED/,
      );
      await expect(log.getByRole('row').filter({ hasText: '#2' })).toBeVisible();
      await screenshotRegistry(page, 'webhooks-retrying-log');
      await expect(page.getByRole('row', { name: /Deploy hook \(prod\)/ })).toBeVisible();
      // The stage transition went to the first webhook too, which listens to it.
      await expect.poll(() => receiver.received.length).toBe(3);
      expect(JSON.parse(receiver.received[2]?.body ?? '{}')).toMatchObject({
        entity: 'model_version_stage',
        action: 'transitioned',
        data: { name: seeded.name, version: '1', from_stage: 'None', to_stage: 'Staging' },
      });

      // The model page lists the webhooks a promotion fires.
      await page.goto(modelUrl(seeded.name));
      const panel = page.getByRole('region', { name: 'Webhooks on promotion' });
      await expect(panel.getByRole('link', { name: 'Deploy hook (prod)' })).toBeVisible();
      await expect(panel).toContainText('Alias set or moved, Stage transition (Runboard)');
      await expect(panel.getByRole('link', { name: 'Down receiver' })).toBeVisible();
      await screenshotRegistry(page, 'webhooks-model-page');

      // Disable: it no longer fires, so the model page no longer lists it.
      await panel.getByRole('link', { name: 'Deploy hook (prod)' }).click();
      await expect(page).toHaveURL(/\/settings\/webhooks\?webhook=/);
      await expect(page.getByRole('table', { name: /Delivery log/ })).toBeVisible();
      await table
        .getByRole('row', { name: /Deploy hook \(prod\)/ })
        .getByRole('button', { name: 'Disable' })
        .click();
      await expect(table.getByRole('row', { name: /Deploy hook \(prod\)/ })).toContainText('Disabled');
      await api.call('POST', 'registered-models/alias', { name: seeded.name, alias: 'challenger', version: '1' });
      await page.goto(modelUrl(seeded.name));
      const panelAfter = page.getByRole('region', { name: 'Webhooks on promotion' });
      await expect(panelAfter.getByRole('link', { name: 'Down receiver' })).toBeVisible();
      await expect(panelAfter.getByRole('link', { name: 'Deploy hook (prod)' })).toBeHidden();
      expect(receiver.received).toHaveLength(3);

      // Delete, after a confirmation.
      await page.goto('/settings/webhooks');
      await table
        .getByRole('row', { name: /Deploy hook \(prod\)/ })
        .getByRole('button', { name: 'Delete' })
        .click();
      await page
        .getByRole('dialog', { name: 'Delete webhook “Deploy hook (prod)”?' })
        .getByRole('button', { name: 'Delete webhook' })
        .click();
      await expect(table.getByRole('row', { name: /Deploy hook \(prod\)/ })).toBeHidden();
      const remaining = await api.call<{ webhooks?: { name: string }[] }>('GET', 'webhooks');
      expect((remaining.webhooks ?? []).map((webhook) => webhook.name)).toEqual(['Down receiver']);
    } finally {
      await receiver.close();
      await deleteAllWebhooks(api);
    }
  });
});
