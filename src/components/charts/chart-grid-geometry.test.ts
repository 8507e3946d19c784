import { describe, expect, it } from 'vitest';
import { bucketsForWidth, predictedPlotWidth } from './chart-grid-geometry';

describe('chart grid geometry', () => {
  // Canvas widths measured in Chromium on the chart view (plot = canvas − 70 px of margins).
  it.each([
    [1600, 499 - 70, 450],
    [1500, 466 - 70, 400],
    [1280, 601 - 70, 550],
    [1000, 461 - 70, 400],
    [900, 846 - 70, 800],
  ])('a %i px viewport gives the plot width and bucket count the cards measure', (viewport, plot, buckets) => {
    expect(predictedPlotWidth(viewport)).toBe(plot);
    expect(bucketsForWidth(predictedPlotWidth(viewport))).toBe(buckets);
  });

  it('asks for no buckets without a plot, and at most 5000', () => {
    expect(bucketsForWidth(0)).toBe(0);
    expect(bucketsForWidth(20)).toBe(50);
    expect(bucketsForWidth(100_000)).toBe(5000);
  });
});
