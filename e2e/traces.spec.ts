// Traces in the UI: an experiment's Traces tab (rows with previews, status, latency, tokens, run
// and tags; search with MLflow's trace filter; sort; paging on scroll), the trace page (span tree,
// waterfall, span details, errors highlighted, keyboard), a 5,000-span trace staying virtualized,
// the run page's traces, and a missing trace. Seeded through the REST API as MLflow's 2.x
// tracing client logs them (StartTrace, traces.json upload, EndTrace).
import { expect, expectNoSeriousA11yIssues, screenshotBothThemes, test, uniqueName, type MlflowApi } from './support/fixtures';
import { port } from './support/ports';
import { logTrace, type SeedSpan } from './support/trace-seed';

test.use({ viewport: { width: 1440, height: 1000 } });

const base = `http://127.0.0.1:${port}`;

interface Seeded {
  experimentId: string;
  agentRun: string;
  otherRun: string;
  answerId: string;
  summarizeId: string;
  classifyId: string;
}

const summarizeSpans: SeedSpan[] = [
  { id: 'root', name: 'summarize', type: 'CHAIN', startMs: 0, endMs: 300, inputs: { text: 'MLflow tracks experiments.' }, outputs: null },
  {
    id: 'retrieve',
    parent: 'root',
    name: 'retrieve_docs',
    type: 'RETRIEVER',
    startMs: 10,
    endMs: 80,
    inputs: { query: 'mlflow' },
    outputs: [{ doc: 'a' }, { doc: 'b' }],
  },
  {
    id: 'llm',
    parent: 'root',
    name: 'llm_call',
    type: 'LLM',
    startMs: 90,
    endMs: 290,
    status: 'ERROR',
    statusMessage: 'Rate limit reached',
    inputs: { messages: [{ role: 'user', content: 'Summarize' }] },
    attributes: { model: 'gpt-test', temperature: 0.2 },
    events: [
      {
        name: 'exception',
        offsetMs: 289,
        attributes: {
          'exception.type': 'RateLimitError',
          'exception.message': 'Too many requests',
          'exception.stacktrace': 'Traceback (most recent call last):\n  File "app.py", line 3',
        },
      },
    ],
  },
  { id: 'tok', parent: 'llm', name: 'tokenize', type: 'TOOL', startMs: 95, endMs: 100, inputs: 'Summarize', outputs: [1, 2, 3] },
];

async function seed(api: MlflowApi): Promise<Seeded> {
  const experimentId = await api.createExperiment(uniqueName('traces'));
  const agentRun = await api.createRun(experimentId, { name: 'agent-run' });
  const otherRun = await api.createRun(experimentId, { name: 'other-run' });
  const now = Date.now();
  const answerId = await logTrace(base, {
    experimentId,
    name: 'answer_question',
    timestampMs: now - 180_000,
    status: 'OK',
    runId: agentRun,
    tags: { team: 'search' },
    request: { question: 'What is MLflow?' },
    response: 'An open source platform for the ML lifecycle.',
    totalTokens: 321,
    spans: [
      {
        id: 'root',
        name: 'answer_question',
        type: 'CHAIN',
        startMs: 0,
        endMs: 1200,
        inputs: { question: 'What is MLflow?' },
        outputs: 'An open source platform',
      },
      { id: 'llm', parent: 'root', name: 'chat', type: 'CHAT_MODEL', startMs: 100, endMs: 1100 },
    ],
  });
  const summarizeId = await logTrace(base, {
    experimentId,
    name: 'summarize',
    timestampMs: now - 120_000,
    status: 'ERROR',
    tags: { team: 'docs' },
    request: { text: 'MLflow tracks experiments.' },
    spans: summarizeSpans,
  });
  const classifyId = await logTrace(base, {
    experimentId,
    name: 'classify',
    timestampMs: now - 60_000,
    status: 'OK',
    request: { text: 'great product' },
    response: { label: 'positive' },
    spans: [{ id: 'root', name: 'classify', type: 'CHAIN', startMs: 0, endMs: 50 }],
  });
  return { experimentId, agentRun, otherRun, answerId, summarizeId, classifyId };
}

const rowNames = (page: import('@playwright/test').Page) =>
  page.getByTestId('trace-row').evaluateAll((rows) => rows.map((row) => row.querySelector('[data-column-id="trace"]')?.textContent ?? ''));

test('the Traces tab lists, searches and sorts traces with their previews, status, latency, tokens, run and tags', async ({
  page,
  api,
  consoleGuard,
}) => {
  const seeded = await seed(api);
  await page.goto(`/experiments/${seeded.experimentId}`);
  await page.getByTestId('experiment-view-tabs').getByRole('link', { name: 'Traces' }).click();
  await expect(page).toHaveURL(new RegExp(`/experiments/${seeded.experimentId}/traces$`));
  const table = page.getByRole('treegrid', { name: 'Traces' });
  await expect(table.getByTestId('trace-row')).toHaveCount(3);
  // Newest first by default.
  expect(await rowNames(page)).toEqual(['classify', 'summarize', 'answer_question']);

  const answer = table.getByTestId('trace-row').filter({ hasText: 'answer_question' });
  await expect(answer).toContainText('{"question":"What is MLflow?"}');
  await expect(answer).toContainText('An open source platform');
  await expect(answer).toContainText('1.2s');
  await expect(answer).toContainText('321');
  await expect(answer).toContainText('team: search');
  await expect(answer.getByRole('link', { name: 'agent-run' })).toHaveAttribute(
    'href',
    `/experiments/${seeded.experimentId}/runs/${seeded.agentRun}`,
  );
  const failed = table.getByTestId('trace-row').filter({ hasText: 'summarize' });
  await expect(failed).toHaveClass(/is-error/);
  await expect(failed.locator('[data-status="ERROR"]')).toHaveText(/Error/);

  // Sort by latency on the server: the column header, then the order menu.
  await table.getByRole('button', { name: /Latency/ }).click();
  await expect.poll(() => rowNames(page)).toEqual(['answer_question', 'summarize', 'classify']);
  expect(new URL(page.url()).searchParams.get('tsort')).toBe('latency-desc');
  await page.getByRole('combobox', { name: 'Order' }).selectOption('latency-asc');
  await expect.poll(() => rowNames(page)).toEqual(['classify', 'summarize', 'answer_question']);

  // Search with MLflow's trace filter grammar.
  await page.getByRole('searchbox', { name: 'Filter traces' }).fill("tags.team = 'search'");
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(table.getByTestId('trace-row')).toHaveCount(1);
  await expect(table.getByTestId('trace-row')).toContainText('answer_question');
  expect(new URL(page.url()).searchParams.get('tq')).toBe("tags.team = 'search'");
  await page.getByRole('searchbox', { name: 'Filter traces' }).fill("attributes.status = 'ERROR'");
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(table.getByTestId('trace-row')).toHaveCount(1);
  await expect(table.getByTestId('trace-row')).toContainText('summarize');
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(table.getByTestId('trace-row')).toHaveCount(3);
  await screenshotBothThemes(page, 'traces-tab');
  await expectNoSeriousA11yIssues(page);

  // A filter the server refuses is reported, not a crash (Chromium logs the 400).
  consoleGuard.allow(/status of 400/);
  await page.getByRole('searchbox', { name: 'Filter traces' }).fill('nonsense ~~ 3');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('region', { name: 'Traces' }).getByRole('alert')).toContainText('The server refused this filter');
  await screenshotBothThemes(page, 'traces-tab-refused-filter');
  // The search box keeps the refused filter for correction.
  await expect(page.getByRole('searchbox', { name: 'Filter traces' })).toHaveValue('nonsense ~~ 3');
});

test('the trace page shows the span tree, the waterfall, span details and highlights errors', async ({ page, api }) => {
  const seeded = await seed(api);
  await page.goto(`/experiments/${seeded.experimentId}/traces`);
  await page.getByRole('link', { name: 'summarize' }).click();
  await expect(page).toHaveURL(new RegExp(`/experiments/${seeded.experimentId}/traces/${seeded.summarizeId}`));
  await expect(page.getByRole('heading', { level: 1, name: 'summarize' })).toBeVisible();
  await expect(page.locator('.trace-header [data-status="ERROR"]')).toBeVisible();
  await expect(page.locator('.trace-header')).toContainText('team: docs');

  const tree = page.getByRole('tree', { name: 'Spans' });
  const items = tree.getByRole('treeitem');
  await expect(items).toHaveCount(4);
  expect(
    await items.evaluateAll((rows) =>
      rows.map((row) => `${row.getAttribute('aria-level')}:${row.querySelector('.span-name')?.textContent}`),
    ),
  ).toEqual(['1:summarize', '2:retrieve_docs', '2:llm_call', '3:tokenize']);
  // Waterfall: bars placed on the trace's time axis (llm_call starts at 90 of 300 ms).
  const llmBar = items.filter({ hasText: 'llm_call' }).locator('.span-bar');
  await expect(llmBar).toHaveAttribute('style', /left: 30%/);
  await expect(items.filter({ hasText: 'llm_call' })).toHaveClass(/is-error/);
  await expect(page.locator('.span-axis')).toContainText('300ms');

  // The root is selected first: its inputs as JSON.
  const detail = page.getByTestId('span-detail');
  await expect(detail.getByRole('heading', { name: 'summarize' })).toBeVisible();
  await expect(detail.getByRole('group', { name: 'Span inputs' })).toContainText('"MLflow tracks experiments."');

  // Jump to the error: the exception and status are highlighted in the details.
  await page.getByRole('button', { name: /1 error/ }).click();
  await expect(items.filter({ hasText: 'llm_call' })).toHaveAttribute('aria-selected', 'true');
  // Ids in hex as MLflow's UI shows them (the 2.x client wrote 0x-prefixed ones).
  expect(new URL(page.url()).searchParams.get('span')).toBe('0000000000000003');
  await expect(detail.locator('.span-detail-ids')).toContainText('Span0000000000000003');
  await expect(detail.locator('.span-detail-ids')).toContainText('Parent0000000000000001');
  await expect(detail.locator('.span-detail-ids')).toContainText(/Trace[0-9a-f]{32}/);
  await expect(detail.getByRole('alert').first()).toContainText('Rate limit reached');
  await expect(detail.getByRole('alert').nth(1)).toContainText('RateLimitError: Too many requests');
  await expect(detail.getByRole('group', { name: 'Span attributes' })).toContainText('gpt-test');
  await expect(detail.getByRole('region', { name: 'Events' })).toContainText('exception');
  await screenshotBothThemes(page, 'trace-page');
  await expectNoSeriousA11yIssues(page);

  // Keyboard: ↓ to the child, ← back to the parent, ← collapses it.
  await items.filter({ hasText: 'llm_call' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(detail.getByRole('heading', { name: 'tokenize' })).toBeVisible();
  await expect(detail.getByRole('group', { name: 'Span outputs' })).toContainText('[3 items]');
  await page.keyboard.press('ArrowLeft');
  await expect(detail.getByRole('heading', { name: 'llm_call' })).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(items).toHaveCount(3);
  await expect(items.filter({ hasText: 'llm_call' })).toHaveAttribute('aria-expanded', 'false');
  // Collapse all / expand all.
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await expect(items).toHaveCount(1);
  await page.getByRole('button', { name: 'Expand all' }).click();
  await expect(items).toHaveCount(4);

  // Collapsing around the selected span selected its root; a link to a span opens with it selected.
  await expect(detail.getByRole('heading', { name: 'summarize' })).toBeVisible();
  await items.filter({ hasText: 'llm_call' }).click();
  await page.reload();
  await expect(detail.getByRole('heading', { name: 'llm_call' })).toBeVisible();
  // An old link with the 0x-prefixed id still selects its span.
  await page.goto(`/experiments/${seeded.experimentId}/traces/${seeded.summarizeId}?span=0x0000000000000004`);
  await expect(detail.getByRole('heading', { name: 'tokenize' })).toBeVisible();
});

test('the trace page edits tags: add, edit (kept on reload, shown in the Traces tab), delete; a refused tag is reported', async ({
  page,
  api,
  consoleGuard,
}) => {
  const seeded = await seed(api);
  await page.goto(`/experiments/${seeded.experimentId}/traces/${seeded.summarizeId}`);
  const panel = page.locator('.trace-tags-panel');
  await panel.locator('summary').click();
  const tags = page.getByRole('table', { name: 'Trace tags' });
  await expect(tags).toContainText('team');
  await expect(tags).toContainText('docs');
  // MLflow's own tags (mlflow.traceName, mlflow.artifactLocation…) are not offered for editing.
  await expect(tags).not.toContainText('mlflow.');

  await page.getByRole('button', { name: 'Edit tag team' }).click();
  await page.getByRole('textbox', { name: 'Value of tag team' }).fill('writing');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Tag “team” saved')).toBeVisible();
  await panel.getByRole('button', { name: 'Add tag' }).click();
  await panel.getByLabel('Key').fill('reviewed');
  await panel.getByLabel('Value').fill('yes');
  await panel.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(tags).toContainText('reviewed');
  await expect(page.locator('.trace-header')).toContainText('team: writing');
  await screenshotBothThemes(page, 'trace-page-tags');

  // Stored on the server: a reload shows the new values, and so does a tag search of the Traces tab.
  await page.reload();
  await expect(page.locator('.trace-header')).toContainText('team: writing');
  await expect(page.locator('.trace-header')).toContainText('reviewed: yes');
  await page.goto(`/experiments/${seeded.experimentId}/traces?tq=${encodeURIComponent("tags.team = 'writing'")}`);
  await expect(page.getByTestId('trace-row')).toHaveCount(1);
  await expect(page.getByTestId('trace-row')).toContainText('summarize');
  await expect(page.getByTestId('trace-row')).toContainText('reviewed');

  await page.goto(`/experiments/${seeded.experimentId}/traces/${seeded.summarizeId}`);
  await panel.locator('summary').click();
  await page.getByRole('button', { name: 'Delete tag reviewed' }).click();
  await expect(page.getByText('Tag “reviewed” deleted')).toBeVisible();
  await expect(tags).not.toContainText('reviewed');
  await page.reload();
  await expect(page.locator('.trace-header')).toContainText('team: writing');
  await expect(page.locator('.trace-header')).not.toContainText('reviewed');

  // A key MLflow refuses (longer than 250 characters): the server's reason, and the form keeps the text.
  consoleGuard.allow(/status of 400/);
  await panel.locator('summary').click();
  await panel.getByRole('button', { name: 'Add tag' }).click();
  await panel.getByLabel('Key').evaluate((input) => input.removeAttribute('maxlength'));
  await panel.getByLabel('Key').fill('k'.repeat(300));
  await panel.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByText(/Could not save the tag/)).toBeVisible();
  await expect(panel.getByLabel('Key')).toHaveValue('k'.repeat(300));
});

test('a 5,000-span trace renders only the rows on screen and scrolls to its last span', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('big-trace'));
  // A fan-out: 50 steps, each with 99 child calls, laid out over 10 s.
  const spans: SeedSpan[] = [{ id: 'root', name: 'pipeline', type: 'CHAIN', startMs: 0, endMs: 10_000 }];
  for (let step = 0; step < 50; step += 1) {
    spans.push({ id: `step${step}`, parent: 'root', name: `step_${step}`, type: 'AGENT', startMs: step * 200, endMs: step * 200 + 190 });
    for (let call = 0; call < 99 && spans.length < 5000; call += 1)
      spans.push({
        id: `s${step}c${call}`,
        parent: `step${step}`,
        name: `call_${step}_${call}`,
        type: 'TOOL',
        startMs: step * 200 + call,
        endMs: step * 200 + call + 50,
        inputs: { call },
      });
  }
  expect(spans).toHaveLength(5000);
  const traceId = await logTrace(base, { experimentId, name: 'pipeline', timestampMs: Date.now() - 20_000, status: 'OK', spans });
  await page.goto(`/experiments/${experimentId}/traces/${traceId}`);
  const tree = page.getByRole('tree', { name: 'Spans' });
  await expect(tree.getByRole('treeitem').first()).toContainText('pipeline');
  await expect(page.locator('.trace-spans h2')).toContainText('5,000');
  const rendered = await tree.getByRole('treeitem').count();
  expect(rendered).toBeGreaterThan(10);
  expect(rendered).toBeLessThan(120);
  await screenshotBothThemes(page, 'trace-page-5000-spans');
  await page.getByTestId('span-scroll').evaluate((element) => {
    element.scrollTop = element.scrollHeight;
  });
  await expect(tree.getByRole('treeitem').filter({ hasText: 'call_49_97' })).toBeVisible();
  await tree.getByRole('treeitem').filter({ hasText: 'call_49_97' }).click();
  await expect(page.getByTestId('span-detail').getByRole('group', { name: 'Span inputs' })).toContainText('97');
});

test('the Traces tab loads more traces as the table scrolls', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('many-traces'));
  const now = Date.now();
  for (let batch = 0; batch < 250; batch += 25) {
    await Promise.all(
      Array.from({ length: 25 }, (_, index) =>
        logTrace(base, {
          experimentId,
          name: `t-${String(batch + index).padStart(3, '0')}`,
          timestampMs: now - (batch + index) * 1000,
          executionTimeMs: 10,
          status: 'OK',
        }),
      ),
    );
  }
  await page.goto(`/experiments/${experimentId}/traces`);
  await expect(page.locator('.dt-footer')).toContainText('100 traces loaded; scroll for more');
  const scroller = page.locator('.dt-scroll');
  for (const loaded of ['200 traces loaded', '250 traces']) {
    await scroller.evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    await expect(page.locator('.dt-footer')).toContainText(loaded);
  }
  await expect(page.locator('.dt-footer')).not.toContainText('scroll for more');
  await scroller.evaluate((element) => {
    element.scrollTop = element.scrollHeight;
  });
  await expect(page.getByTestId('trace-row').filter({ hasText: 't-249' })).toBeVisible();
});

test('a run page lists its traces and links to them; a run without traces has no section', async ({ page, api }) => {
  const seeded = await seed(api);
  await page.goto(`/experiments/${seeded.experimentId}/runs/${seeded.agentRun}`);
  const section = page.getByRole('region', { name: 'Traces' });
  await expect(section.getByTestId('run-trace-row')).toHaveCount(1);
  await expect(section).toContainText('{"question":"What is MLflow?"}');
  await screenshotBothThemes(page, 'run-page-traces');
  await expectNoSeriousA11yIssues(page);
  await section.getByRole('link', { name: 'answer_question' }).click();
  await expect(page).toHaveURL(new RegExp(`/traces/${seeded.answerId}`));
  await expect(page.getByRole('tree', { name: 'Spans' }).getByRole('treeitem')).toHaveCount(2);

  const searched = page.waitForResponse(
    (response) => response.url().includes('/ajax-api/2.0/mlflow/traces?') && response.url().includes(seeded.otherRun),
  );
  await page.goto(`/experiments/${seeded.experimentId}/runs/${seeded.otherRun}`);
  await searched;
  await expect(page.getByRole('region', { name: 'Parameters' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Traces' })).toHaveCount(0);
});

test('a missing trace gets the not-found page', async ({ page, api, consoleGuard }) => {
  consoleGuard.allow(/status of 404/);
  const experimentId = await api.createExperiment(uniqueName('no-trace'));
  await page.goto(`/experiments/${experimentId}/traces/tr-0123456789abcdef0123456789abcdef`);
  await expect(page.getByTestId('not-found')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trace tr-0123456789abcdef0123456789abcdef was not found');
  await page.getByRole('link', { name: 'Back to the traces' }).click();
  await expect(page).toHaveURL(new RegExp(`/experiments/${experimentId}/traces$`));
  await expectNoSeriousA11yIssues(page);
});
