import { describe, expect, it } from 'vitest';
import {
  interpolateAt,
  interpolateSteps,
  linearGrid,
  resampleLinear,
  stepRangeForXWindow,
  stepsToMetric,
  stepsToRelativeSeconds,
  stepsToWallTime,
} from './x-alignment';

const times = { steps: [0, 10, 20], values: [1000, 2000, 4000] };

describe('interpolateAt', () => {
  it('interpolates linearly between anchors', () => {
    expect(interpolateAt(times, 5, true)).toBe(1500);
    expect(interpolateAt(times, 15, true)).toBe(3000);
  });
  it('clamps or gives NaN outside', () => {
    expect(interpolateAt(times, -5, true)).toBe(1000);
    expect(interpolateAt(times, 25, true)).toBe(4000);
    expect(interpolateAt(times, 25, false)).toBeNaN();
  });
});

describe('time and metric alignment', () => {
  it('maps steps to wall time and to seconds since the first point', () => {
    expect([...stepsToWallTime([0, 5, 20], times)]).toEqual([1000, 1500, 4000]);
    expect([...stepsToRelativeSeconds([0, 5, 20], times)]).toEqual([0, 0.5, 3]);
  });
  it('maps steps to the value of another metric, NaN where it was not logged', () => {
    const epoch = { steps: [0, 100], values: [0, 1] };
    const result = stepsToMetric([50, 100, 150], epoch);
    expect(result[0]).toBe(0.5);
    expect(result[1]).toBe(1);
    expect(result[2]).toBeNaN();
  });
  it('finds the step range of the points inside an x window', () => {
    expect(stepRangeForXWindow([0, 0.5, 1, 1.5], [0, 10, 20, 30], 0.4, 1.2)).toEqual([10, 20]);
    expect(stepRangeForXWindow([0, 1], [0, 10], 5, 6)).toBeUndefined();
  });
  it('resamples a series on a grid', () => {
    expect([...linearGrid(0, 10, 3)]).toEqual([0, 5, 10]);
    expect([...resampleLinear([0, 10], [0, 100], [0, 2.5, 10])]).toEqual([0, 25, 100]);
  });
});

describe('interpolateSteps', () => {
  it('agrees with interpolateAt for ascending, repeated, descending and NaN steps', () => {
    const anchors = { steps: [0, 10, 10, 20, 35, 50], values: [5, 7, 8, 2, 4, 9] };
    const steps = [-3, 0, 1, 10, 10, 12, 20, 33, 50, 51, 40, 4, 15];
    for (const clamp of [true, false]) {
      const walked = interpolateSteps(steps, anchors, clamp);
      steps.forEach((step, i) => expect(walked[i]).toEqual(interpolateAt(anchors, step, clamp)));
      // A missing step has no position.
      expect(interpolateSteps([1, NaN, 2], anchors, clamp)[1]).toBeNaN();
    }
  });
  it('gives NaN without anchors', () => {
    expect([...interpolateSteps([1, 2], { steps: [], values: [] }, true)]).toEqual([NaN, NaN]);
  });
});
