// The attacks of issue 10 against a real listening server: DNS rebinding (foreign Host), cross-site
// writes (foreign Origin, no-cors text/plain upload), CORS for configured origins, and the
// security headers on the SPA, the API and artifacts.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type AppOptions } from '../../app.js';

const API = '/api/2.0/mlflow';
const EVIL = 'http://evil.example';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: () => Record<string, unknown>;
}

let app: FastifyInstance | undefined;
let sandbox: string | undefined;
let port = 0;

afterEach(async () => {
  await app?.close();
  if (sandbox) rmSync(sandbox, { recursive: true, force: true });
  app = undefined;
  sandbox = undefined;
});

async function start(options: Partial<AppOptions> = {}): Promise<string> {
  sandbox = mkdtempSync(path.join(os.tmpdir(), 'runboard-security-test-'));
  app = await createApp({
    backendStoreUri: 'sqlite:///:memory:',
    artifactsDestination: path.join(sandbox, 'artifacts'),
    boundHost: '127.0.0.1',
    ...options,
  });
  const address = new URL(await app.listen({ port: 0, host: '127.0.0.1' }));
  port = Number(address.port);
  return path.join(sandbox, 'artifacts');
}

/** A request with exactly these headers (fetch would not let a test set Host). */
function send(method: string, target: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: target,
        headers: { host: `127.0.0.1:${port}`, ...(payload ? { 'content-length': String(payload.length) } : {}), ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text,
            json: () => JSON.parse(text) as Record<string, unknown>,
          });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

const json = (method: string, target: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> =>
  send(method, target, { 'content-type': 'application/json', ...headers }, JSON.stringify(body));

async function createRun(): Promise<{ experimentId: string; runId: string }> {
  const experimentId = (await json('POST', `${API}/experiments/create`, { name: 'target' })).json().experiment_id as string;
  const run = await json('POST', `${API}/runs/create`, { experiment_id: experimentId });
  return { experimentId, runId: (run.json().run as { info: { run_id: string } }).info.run_id };
}

function expectForbidden(reply: Reply, message: string): void {
  expect(reply.status).toBe(403);
  expect(reply.json()).toEqual({ error_code: 'PERMISSION_DENIED', message });
}

describe('Host header (DNS rebinding)', () => {
  it('refuses a foreign Host on reads and writes, and answers loopback names on any port', async () => {
    await start();
    const evil = { host: 'evil.example' };
    expectForbidden(await send('GET', `${API}/experiments/search`, evil), 'Invalid Host header - possible DNS rebinding attack detected');
    expectForbidden(
      await json('POST', `${API}/experiments/create`, { name: 'rebound' }, evil),
      'Invalid Host header - possible DNS rebinding attack detected',
    );
    expectForbidden(
      await send('GET', '/', { host: `evil.example:${port}` }),
      'Invalid Host header - possible DNS rebinding attack detected',
    );
    // Nothing was created through the foreign Host.
    const names = ((await json('POST', `${API}/experiments/search`, {})).json().experiments as { name: string }[]).map(
      (experiment) => experiment.name,
    );
    expect(names).not.toContain('rebound');

    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost', '192.168.1.20:5000']) {
      expect((await send('GET', `${API}/experiments/search`, { host })).status, host).toBe(200);
    }
    // Liveness probes are exempt, as in MLflow.
    expect((await send('GET', '/health', evil)).text).toBe('OK');
  });

  it('takes --allowed-hosts patterns, and "*" turns the check off', async () => {
    await start({ allowedHosts: ['mlflow.company.com', '*.internal:5000'] });
    expect((await send('GET', `${API}/experiments/search`, { host: 'mlflow.company.com' })).status).toBe(200);
    expect((await send('GET', `${API}/experiments/search`, { host: 'runs.internal:5000' })).status).toBe(200);
    expect((await send('GET', `${API}/experiments/search`, { host: 'runs.internal:6000' })).status).toBe(403);
    expect((await send('GET', `${API}/experiments/search`, { host: 'evil.example' })).status).toBe(403);
    await app?.close();
    await start({ allowedHosts: ['*'] });
    expect((await send('GET', `${API}/experiments/search`, { host: 'evil.example' })).status).toBe(200);
  });
});

describe('Origin (cross-site writes)', () => {
  it('refuses create, set-tag, delete and artifact PUT/DELETE from a foreign Origin and changes nothing', async () => {
    const artifacts = await start();
    const { experimentId, runId } = await createRun();
    const origin = { origin: EVIL };
    const blocked = 'Cross-origin request blocked';
    expectForbidden(await json('POST', `${API}/experiments/create`, { name: 'from-evil' }, origin), blocked);
    expectForbidden(await json('POST', `${API}/runs/set-tag`, { run_id: runId, key: 'owner', value: 'evil' }, origin), blocked);
    expectForbidden(await json('POST', `${API}/runs/delete`, { run_id: runId }, origin), blocked);
    expectForbidden(await json('POST', `${API}/experiments/delete`, { experiment_id: experimentId }, { origin: 'null' }), blocked);
    const file = `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/planted.txt`;
    expectForbidden(await send('PUT', file, { ...origin, 'content-type': 'text/plain' }, 'planted'), blocked);
    expect((await send('PUT', file, { 'content-type': 'text/plain' }, 'mine')).status).toBe(200);
    expectForbidden(await send('DELETE', file, origin), blocked);

    const run = (await send('GET', `${API}/runs/get?run_id=${runId}`)).json().run as {
      info: { lifecycle_stage: string };
      data: { tags?: { key: string }[] };
    };
    expect(run.info.lifecycle_stage).toBe('active');
    expect((run.data.tags ?? []).map((tag) => tag.key)).not.toContain('owner');
    expect((await send('GET', file)).text).toBe('mine');
    expect(readdirSync(path.join(artifacts, experimentId, runId, 'artifacts'))).toEqual(['planted.txt']);
    // Reads are not blocked (the browser keeps their answers from the foreign page), and the app's own origin writes.
    expect((await send('GET', `${API}/runs/get?run_id=${runId}`, origin)).status).toBe(200);
    expect(
      (await json('POST', `${API}/runs/set-tag`, { run_id: runId, key: 'owner', value: 'me' }, { origin: `http://127.0.0.1:${port}` }))
        .status,
    ).toBe(200);
  });

  it('refuses the no-cors text/plain upload a foreign page can send, and uploads missing the client header', async () => {
    const artifacts = await start();
    const { experimentId, runId } = await createRun();
    const upload = `/ajax-api/2.0/mlflow/upload-artifact?run_uuid=${runId}&path=pwned.txt`;
    const folder = path.join(artifacts, experimentId, runId, 'artifacts');
    expectForbidden(await send('POST', upload, { origin: EVIL, 'content-type': 'text/plain' }, 'pwned'), 'Cross-origin request blocked');
    // Same origin (or no Origin at all) but without the header a form or no-cors fetch cannot set.
    expect((await send('POST', upload, { 'content-type': 'text/plain' }, 'pwned')).status).toBe(403);
    expect(
      (await send('POST', upload, { origin: `http://127.0.0.1:${port}`, 'content-type': 'text/plain' }, 'pwned')).json().error_code,
    ).toBe('PERMISSION_DENIED');
    expect(() => readdirSync(folder)).toThrow();
    const ok = await send(
      'POST',
      upload,
      { origin: `http://127.0.0.1:${port}`, 'content-type': 'text/plain', 'x-requested-with': 'XMLHttpRequest' },
      'mine',
    );
    expect(ok.status).toBe(200);
    expect(readdirSync(folder)).toEqual(['pwned.txt']);
  });

  it('refuses JSON routes a form could post (text/plain, form-urlencoded)', async () => {
    await start();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const reply = await send('POST', `${API}/experiments/create`, { 'content-type': type }, '{"name": "form"}');
      expect(reply.status, type).toBe(400);
      expect(reply.json().error_code).toBe('INVALID_PARAMETER_VALUE');
    }
  });

  it('answers preflights and allows writes for --cors-allowed-origins only', async () => {
    await start({ corsAllowedOrigins: ['https://notebook.company.com', 'https://*.apps.company.com'] });
    const preflight = (origin: string) =>
      send('OPTIONS', `${API}/experiments/create`, {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      });
    const allowed = await preflight('https://notebook.company.com');
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://notebook.company.com');
    expect(allowed.headers['access-control-allow-methods']).toContain('POST');
    expect(String(allowed.headers['access-control-allow-headers']).toLowerCase()).toContain('content-type');
    expect((await preflight('https://team.apps.company.com')).status).toBe(204);
    const refused = await preflight(EVIL);
    expect(refused.status).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();

    const write = await json('POST', `${API}/experiments/create`, { name: 'from-notebook' }, { origin: 'https://notebook.company.com' });
    expect(write.status).toBe(200);
    expect(write.headers['access-control-allow-origin']).toBe('https://notebook.company.com');
    expect((await json('POST', `${API}/experiments/create`, { name: 'from-evil' }, { origin: EVIL })).status).toBe(403);
  });

  it('without configured origins, a preflight from another origin is refused', async () => {
    await start();
    const reply = await send('OPTIONS', `${API}/runs/delete`, { origin: EVIL, 'access-control-request-method': 'POST' });
    expectForbidden(reply, 'Cross-origin request blocked');
  });
});

describe('security headers', () => {
  it('serves the SPA with a strict CSP that forbids inline script and framing', async () => {
    await start();
    const page = await send('GET', '/experiments/1');
    const csp = String(page.headers['content-security-policy']);
    const scriptSrc = csp.split(';').find((directive) => directive.trim().startsWith('script-src')) ?? '';
    expect(scriptSrc.trim()).toBe("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('same-origin');
  });

  it('puts nosniff, DENY and a no-document CSP on API answers, errors included', async () => {
    await start();
    for (const reply of [
      await send('GET', `${API}/experiments/search`),
      await send('GET', `${API}/runs/get?run_id=nope`),
      await send('GET', '/api/2.0/nope'),
    ]) {
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['x-frame-options']).toBe('DENY');
      expect(String(reply.headers['content-security-policy'])).toContain("default-src 'none'");
    }
  });

  it('serves artifacts sandboxed: HTML as an attachment, or as a scripted preview in an opaque origin', async () => {
    await start();
    const { experimentId, runId } = await createRun();
    const report = '<html><body><script>document.title = "plot"</script></body></html>';
    await send(
      'PUT',
      `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/report.html`,
      { 'content-type': 'text/html' },
      report,
    );
    await send(
      'PUT',
      `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/notes.txt`,
      { 'content-type': 'text/plain' },
      'notes',
    );

    const download = await send('GET', `/get-artifact?run_uuid=${runId}&path=report.html`);
    expect(download.headers['content-disposition']).toMatch(/^attachment/);
    expect(String(download.headers['content-security-policy'])).toMatch(/(^|; )sandbox(;|$)/);
    expect(download.headers['x-frame-options']).toBe('DENY');
    const proxied = await send('GET', `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/notes.txt`);
    expect(String(proxied.headers['content-security-policy'])).toContain('sandbox');
    expect(String(proxied.headers['content-security-policy'])).toContain("default-src 'none'");

    const preview = await send('GET', `/get-artifact?run_uuid=${runId}&path=report.html&preview=html`);
    expect(preview.text).toBe(report);
    expect(preview.headers['content-disposition']).toMatch(/^inline/);
    const previewCsp = String(preview.headers['content-security-policy']);
    expect(previewCsp).toContain('sandbox allow-scripts');
    expect(previewCsp).not.toContain('allow-same-origin');
    expect(previewCsp).toContain("frame-ancestors 'self'");
    // preview=html only changes HTML files: a text file stays a sandboxed attachment.
    const text = await send('GET', `/get-artifact?run_uuid=${runId}&path=notes.txt&preview=html`);
    expect(text.headers['content-disposition']).toMatch(/^attachment/);
    expect(String(text.headers['content-security-policy'])).not.toContain('allow-scripts');
  });
});
