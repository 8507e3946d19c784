// Fidelity: a history of 1,000,000 points with one spike of 10× its neighbourhood at a random
// step. The drawn chart (downsampled to ~1 bucket per pixel column) must still show it — at full
// view and when zoomed away from and onto it.
import { expect, test, uniqueName } from './support/fixtures';
import { chartState, dragOnChart, logHistory, waitForCharts } from './charts-support';

const POINTS = 1_000_000;

test('a single 10× spike in 1,000,000 points is drawn', async ({ page, api }) => {
  test.setTimeout(600_000);
  const experimentId = await api.createExperiment(uniqueName('fidelity'));
  const runId = await api.createRun(experimentId, { name: 'long-run' });
  const spikeStep = 100_000 + Math.floor(Math.random() * 800_000);
  // A noisy signal around 1.0 (|noise| ≤ 0.05); the spike is 10× the neighbourhood.
  const value = (_key: string, step: number) => (step === spikeStep ? 10 : 1 + 0.05 * Math.sin(step * 0.7));
  await logHistory(api, runId, ['signal'], POINTS, value, { concurrency: 8, msPerStep: 1 });
  await api.finishRun(runId);

  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(`/experiments/${experimentId}/charts`);
  await waitForCharts(page);
  const full = await chartState(page, 'l|signal');
  expect(full.xDomain).toEqual([0, POINTS - 1]);
  // ~1 bucket per pixel column: a few thousand drawn points for a million logged.
  expect(full.drawnPoints).toBeLessThan(4 * 2000);
  expect(full.drawnMax).toBe(10);
  expect(full.drawnMaxX).toBe(spikeStep);
  // And the pixels: the plot's top rows hold the spike's colour in the spike's column only.
  const lit = await page
    .locator('[data-chart-id="l|signal"] [data-testid=line-chart] canvas')
    .first()
    .evaluate((canvas: HTMLCanvasElement) => {
      const ctx = canvas.getContext('2d');
      if (!ctx) return [];
      const dpr = window.devicePixelRatio || 1;
      const y = Math.round(20 * dpr);
      const row = ctx.getImageData(0, y, canvas.width, 1).data;
      const columns: number[] = [];
      for (let x = Math.round(60 * dpr); x < canvas.width - 14 * dpr; x += 1) if ((row[x * 4 + 3] ?? 0) > 100) columns.push(x / dpr);
      return columns;
    });
  expect(lit.length).toBeGreaterThan(0);
  expect(lit.length).toBeLessThan(6);

  // Zoom on a window that holds the spike: it is still the maximum, at the same step.
  const fraction = spikeStep / POINTS;
  await dragOnChart(page, 'l|signal', Math.max(0, fraction - 0.05), Math.min(1, fraction + 0.05));
  await expect(page).toHaveURL(/czoom=/);
  await waitForCharts(page);
  const zoomed = await chartState(page, 'l|signal');
  expect(zoomed.xDomain[0]).toBeLessThan(spikeStep);
  expect(zoomed.xDomain[1]).toBeGreaterThan(spikeStep);
  expect(zoomed.drawnMax).toBe(10);
  expect(zoomed.drawnMaxX).toBe(spikeStep);
});
