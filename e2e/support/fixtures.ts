// Shared Playwright fixtures: every spec fails on a console error or an uncaught page error, and
// talks to the real bundled server through its REST API to seed data.
import { test as base, expect, type Page, type APIRequestContext } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';

export interface ConsoleGuard {
  /** Console errors that a spec expects (e.g. a failed request it provoked on purpose). */
  allow: (pattern: RegExp) => void;
}

export const test = base.extend<{ consoleGuard: ConsoleGuard; api: MlflowApi }>({
  consoleGuard: [
    async ({ page }, use) => {
      const errors: string[] = [];
      const allowed: RegExp[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      await use({ allow: (pattern) => allowed.push(pattern) });
      const unexpected = errors.filter((text) => !allowed.some((pattern) => pattern.test(text)));
      expect(unexpected, 'console errors on the page').toEqual([]);
    },
    { auto: true },
  ],
  api: async ({ request }, use) => {
    await use(new MlflowApi(request));
  },
});

export { expect };

/** A thin client of the MLflow REST API for seeding and checking data in specs. */
export class MlflowApi {
  constructor(private readonly request: APIRequestContext) {}

  async call<T = Record<string, unknown>>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: Record<string, unknown>): Promise<T> {
    const url = `/api/2.0/mlflow/${path}`;
    const response =
      method === 'GET'
        ? await this.request.get(url, { params: body as Record<string, string> })
        : await this.request.fetch(url, { method, data: body ?? {}, headers: { 'Content-Type': 'application/json' } });
    const text = await response.text();
    if (!response.ok()) throw new Error(`${method} ${path} failed with ${response.status()}: ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  async createExperiment(name: string, tags: Record<string, string> = {}): Promise<string> {
    const result = await this.call<{ experiment_id: string }>('POST', 'experiments/create', {
      name,
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    });
    return result.experiment_id;
  }

  async createRun(
    experimentId: string,
    options: { name?: string; startTime?: number; tags?: Record<string, string> } = {},
  ): Promise<string> {
    const result = await this.call<{ run: { info: { run_id: string } } }>('POST', 'runs/create', {
      experiment_id: experimentId,
      run_name: options.name,
      start_time: options.startTime ?? Date.now(),
      tags: Object.entries(options.tags ?? {}).map(([key, value]) => ({ key, value })),
    });
    return result.run.info.run_id;
  }

  async logBatch(
    runId: string,
    data: { metrics?: { key: string; value: number; step?: number; timestamp?: number }[]; params?: Record<string, string>; tags?: Record<string, string> },
  ): Promise<void> {
    await this.call('POST', 'runs/log-batch', {
      run_id: runId,
      metrics: (data.metrics ?? []).map((metric) => ({ timestamp: Date.now(), step: 0, ...metric })),
      params: Object.entries(data.params ?? {}).map(([key, value]) => ({ key, value })),
      tags: Object.entries(data.tags ?? {}).map(([key, value]) => ({ key, value })),
    });
  }

  async finishRun(runId: string, status: 'FINISHED' | 'FAILED' | 'KILLED' = 'FINISHED', endTime = Date.now()): Promise<void> {
    await this.call('POST', 'runs/update', { run_id: runId, status, end_time: endTime });
  }

  async uploadArtifact(experimentId: string, runId: string, path: string, body: string | Buffer, contentType = 'application/octet-stream'): Promise<void> {
    const response = await this.request.put(`/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/${path}`, {
      data: body,
      headers: { 'Content-Type': contentType },
    });
    if (!response.ok()) throw new Error(`upload of ${path} failed with ${response.status()}`);
  }
}

/** A name no other spec (or earlier run against the same server) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Screenshots of a page in both themes, saved for review under e2e/screenshots/. */
export async function screenshotBothThemes(page: Page, name: string): Promise<void> {
  mkdirSync('e2e/screenshots', { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate((theme) => {
      document.documentElement.dataset.theme = theme;
    }, scheme);
    await page.screenshot({ path: `e2e/screenshots/${name}-${scheme}.png`, fullPage: true });
  }
}

/** axe-core: no serious or critical accessibility violation on the current page. */
export async function expectNoSeriousA11yIssues(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(
    serious.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`),
  ).toEqual([]);
}
