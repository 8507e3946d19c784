// Seeding helpers of the charts and compare specs: runs with params, tags and long metric
// histories, logged through the REST API in parallel log-batch calls of ≤ 1000 metrics.
import type { Page } from '@playwright/test';
import type { MlflowApi } from './support/fixtures';

export interface SeededRun {
  runId: string;
  name: string;
}

export async function parallel<T>(items: readonly T[], worker: (item: T) => Promise<void>, concurrency = 8): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await worker(item);
      }
    }),
  );
}

/** Logs `steps` points per metric key for one run; value(key, step) gives the values. */
export async function logHistory(
  api: MlflowApi,
  runId: string,
  keys: readonly string[],
  steps: number,
  value: (key: string, step: number) => number,
  options: { start?: number; msPerStep?: number; concurrency?: number } = {},
): Promise<void> {
  const perBatch = Math.floor(1000 / keys.length);
  const start = options.start ?? Date.now() - 3_600_000;
  const msPerStep = options.msPerStep ?? 100;
  const batches: number[] = [];
  for (let from = 0; from < steps; from += perBatch) batches.push(from);
  await parallel(
    batches,
    async (from) => {
      const metrics: { key: string; value: number; step: number; timestamp: number }[] = [];
      for (let step = from; step < Math.min(steps, from + perBatch); step += 1) {
        for (const key of keys) metrics.push({ key, value: value(key, step), step, timestamp: start + step * msPerStep });
      }
      await api.call('POST', 'runs/log-batch', { run_id: runId, metrics });
    },
    options.concurrency ?? 8,
  );
}

export interface LineChartState {
  series: number;
  mainSeries: number;
  bands: number;
  drawnMax: number;
  drawnMaxX: number;
  drawnPoints: number;
  drawCount: number;
  yDomain: [number, number];
  xDomain: [number, number];
}

/** What a line chart drew, from its data attributes. */
export async function chartState(page: Page, chartId: string): Promise<LineChartState> {
  return page.locator(`[data-testid=chart-card][data-chart-id="${chartId}"] [data-testid=line-chart]`).evaluate((element) => {
    const data = (element as HTMLElement).dataset;
    const pair = (text: string | undefined) => (text ?? '0,0').split(',').map(Number) as [number, number];
    return {
      series: Number(data.series),
      mainSeries: Number(data.mainSeries),
      bands: Number(data.bands),
      drawnMax: Number(data.drawnMax),
      drawnMaxX: Number(data.drawnMaxX),
      drawnPoints: Number(data.drawnPoints),
      drawCount: Number(data.drawCount),
      yDomain: pair(data.yDomain),
      xDomain: pair(data.xDomain),
    };
  });
}

/** Waits until every chart card on the page has loaded and drawn. */
export async function waitForCharts(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const cards = [...document.querySelectorAll('[data-testid=chart-card]')];
    return cards.length > 0 && cards.every((card) => card.getAttribute('data-loading') === 'false');
  });
}

/** Drags across a line chart's plot from one fraction of its width to another. */
export async function dragOnChart(page: Page, chartId: string, from: number, to: number): Promise<void> {
  const overlay = page.locator(`[data-testid=chart-card][data-chart-id="${chartId}"] [data-testid=line-chart] canvas`).nth(1);
  const box = await overlay.boundingBox();
  if (!box) throw new Error('chart not visible');
  const left = box.x + 58;
  const width = box.width - 70;
  await page.mouse.move(left + width * from, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(left + width * to, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
}
