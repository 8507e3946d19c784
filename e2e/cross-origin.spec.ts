// Issue 10's cross-site attack from real Chromium: a page served by another origin (a tiny HTTP
// server on its own port) tries to write into a run with a no-cors upload, a form post and a
// CORS request. The server refuses each one and nothing is written; the app's own page still uploads.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, uniqueName } from './support/fixtures';
import { port } from './support/ports';

const TARGET = `http://127.0.0.1:${port}`;

/** The attacker's page: it knows the run id (e.g. from a shared link) and tries three ways to write. */
function attackerPage(runId: string, experimentName: string): string {
  const upload = `${TARGET}/ajax-api/2.0/mlflow/upload-artifact?run_uuid=${runId}&path=pwned.txt`;
  return `<!doctype html><html><head><title>Totally harmless</title></head><body>
<form id="form" method="POST" action="${TARGET}/ajax-api/2.0/mlflow/upload-artifact?run_uuid=${runId}&path=form.txt" enctype="text/plain" target="sink">
  <input name="data" value="pwned">
</form>
<iframe name="sink" title="sink"></iframe>
<p id="status">attacking</p>
<script>
  (async () => {
    const outcomes = [];
    await fetch(${JSON.stringify(upload)}, { mode: 'no-cors', method: 'POST', body: 'pwned', headers: { 'Content-Type': 'text/plain' } })
      .then(() => outcomes.push('no-cors sent'), () => outcomes.push('no-cors failed'));
    await fetch(${JSON.stringify(`${TARGET}/api/2.0/mlflow/experiments/create`)}, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: ${JSON.stringify(experimentName)} }),
    }).then(() => outcomes.push('cors sent'), () => outcomes.push('cors refused'));
    document.getElementById('form').submit();
    document.getElementById('status').textContent = outcomes.join(', ');
  })();
</script></body></html>`;
}

test('a page on another origin cannot write into a run (no-cors upload, form post, CORS write)', async ({ page, api, consoleGuard }) => {
  // The attacker's page logs the refused CORS request, the 403s, and the 403 page its form posted
  // into a frame refusing to be framed (frame-ancestors 'none'): that is the point.
  consoleGuard.allow(
    /blocked by CORS policy|Failed to load resource|status of 403|violates the following Content Security Policy directive: "frame-ancestors 'none'"/,
  );
  const experimentId = await api.createExperiment(uniqueName('cross-origin'));
  const runId = await api.createRun(experimentId, { name: uniqueName('target-run') });
  const attackerExperiment = uniqueName('made-by-attacker');

  const attacker = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(attackerPage(runId, attackerExperiment));
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  const attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  try {
    // What Chromium put on the wire (an opaque no-cors answer is otherwise invisible to the page).
    const uploads: number[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/upload-artifact')) uploads.push(response.status());
    });
    await page.goto(attackerOrigin);
    await expect(page.locator('#status')).toHaveText('no-cors sent, cors refused');
    // Both the no-cors fetch and the form post reached the server and were refused.
    await expect.poll(() => uploads.length).toBe(2);
    expect(uploads).toEqual([403, 403]);
  } finally {
    await new Promise((resolve) => attacker.close(resolve));
  }

  // Nothing was written: no artifact in the run, no experiment.
  const listed = await api.call<{ files?: { path: string }[] }>('GET', 'artifacts/list', { run_id: runId });
  expect(listed.files ?? []).toEqual([]);
  const search = await api.call<{ experiments?: { name: string }[] }>('POST', 'experiments/search', {
    filter: `name = '${attackerExperiment}'`,
  });
  expect(search.experiments ?? []).toEqual([]);

  // Control: the app's own origin, with the header a cross-site page cannot send, does upload.
  await page.goto('/experiments');
  const status = await page.evaluate(
    async ({ runId: id }) =>
      (
        await fetch(`/ajax-api/2.0/mlflow/upload-artifact?run_uuid=${id}&path=mine.txt`, {
          method: 'POST',
          body: 'mine',
          headers: { 'X-Requested-With': 'XMLHttpRequest' },
        })
      ).status,
    { runId },
  );
  expect(status).toBe(200);
  const after = await api.call<{ files?: { path: string }[] }>('GET', 'artifacts/list', { run_id: runId });
  expect((after.files ?? []).map((file) => file.path)).toEqual(['mine.txt']);
});
