// get-history-bulk-interval's step sampling: MLflow's algorithm, quirk included.
import { describe, expect, it } from 'vitest';
import { bulkIntervalSteps, sampleSteps, validateBulkIntervalInput } from './metric-history.js';

// Steps of the two runs of golden file 08: run 1 logs 0..110 by 10, run 2 logs 0..35 by 5.
const RUN_ONE = Array.from({ length: 12 }, (_, i) => i * 10);
const RUN_TWO = Array.from({ length: 8 }, (_, i) => i * 5);
const UNION = [...new Set([...RUN_ONE, ...RUN_TWO])].sort((a, b) => a - b);

describe('sampleSteps', () => {
  it('keeps every step in range when there are few enough', () => {
    expect([...sampleSteps(20, 60, 10, RUN_ONE)].sort((a, b) => a - b)).toEqual([20, 30, 40, 50, 60]);
  });

  it('takes evenly spaced indices plus the last step in range', () => {
    // 16 distinct steps, 4 wanted: indices 0, 4, 8, 12 and the last one.
    expect([...sampleSteps(0, 110, 4, UNION)].sort((a, b) => a - b)).toEqual([0, 20, 40, 80, 110]);
  });

  it("keeps MLflow's quirk: indices are compared with the count in range, not its end", () => {
    // Window 20..60 of run 1: indices 2..6 (5 steps), 2 wanted: 2 and 4 (< 5) plus the last, 6.
    expect([...sampleSteps(20, 60, 2, RUN_ONE)].sort((a, b) => a - b)).toEqual([20, 40, 60]);
    // Window 80..110: indices 8..11 (4 steps), 2 wanted: 8 and 10 are not < 4, so only the last.
    expect([...sampleSteps(80, 110, 2, RUN_ONE)]).toEqual([110]);
  });

  it('is empty when nothing is in range', () => {
    expect(sampleSteps(200, 300, 10, RUN_ONE).size).toBe(0);
  });
});

describe('bulkIntervalSteps', () => {
  it('adds every run first and last step (golden 08 #16)', () => {
    const steps = bulkIntervalSteps(
      [
        { minStep: 0, maxStep: 110 },
        { minStep: 0, maxStep: 35 },
      ],
      UNION,
      4,
      undefined,
    );
    expect(steps).toEqual([0, 20, 35, 40, 80, 110]);
  });

  it('defaults the window to 0 .. the last step, so negative steps are left out', () => {
    expect(bulkIntervalSteps([{ minStep: -5, maxStep: 5 }], [-5, 0, 5], 10, undefined)).toEqual([0, 5]);
  });

  it('drops first and last steps outside an explicit window', () => {
    expect(bulkIntervalSteps([{ minStep: 0, maxStep: 110 }], RUN_ONE, 2, { start: 20, end: 60 })).toEqual([20, 40, 60]);
  });
});

describe('validateBulkIntervalInput', () => {
  const runIds = ['a'];
  it.each([
    [{ runIds, metricKey: 'k', startStep: 1 }, 'If either start step or end step are specified, both must be specified.'],
    [{ runIds, metricKey: 'k', endStep: 1 }, 'If either start step or end step are specified, both must be specified.'],
    [{ runIds, metricKey: 'k', startStep: 5, endStep: 1 }, 'end_step must be greater than start_step. Found start_step=5 and end_step=1.'],
    [{ runIds, metricKey: 'k', maxResults: 0 }, 'max_results must be between 1 and 2500.'],
    [{ runIds, metricKey: 'k', maxResults: 2501 }, 'max_results must be between 1 and 2500.'],
    [{ runIds: Array.from({ length: 101 }, (_, i) => `r${i}`), metricKey: 'k' }, 'must specify at most 100 run_ids. Received 101 run_ids.'],
  ])('refuses %o', (input, message) => {
    expect(() => validateBulkIntervalInput(input)).toThrow(message);
  });

  it('accepts equal start and end steps and 100 runs', () => {
    expect(() => validateBulkIntervalInput({ runIds, metricKey: 'k', startStep: 3, endStep: 3, maxResults: 2500 })).not.toThrow();
    expect(() => validateBulkIntervalInput({ runIds: Array.from({ length: 100 }, (_, i) => `r${i}`), metricKey: 'k' })).not.toThrow();
  });
});
