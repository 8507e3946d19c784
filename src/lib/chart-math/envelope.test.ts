import { describe, expect, it } from 'vitest';
import { bucketsToLastValues, bucketsToPolyline, finiteExtent, pointsToBuckets, summarizeBuckets, type NumericBucket } from './envelope';

function bucket(partial: Partial<NumericBucket> & Pick<NumericBucket, 'firstStep' | 'first' | 'lastStep' | 'last'>): NumericBucket {
  return {
    stepStart: partial.firstStep,
    stepEnd: partial.lastStep,
    minStep: partial.firstStep,
    min: Math.min(partial.first, partial.last),
    maxStep: partial.firstStep,
    max: Math.max(partial.first, partial.last),
    lastTimestamp: 0,
    count: 2,
    ...partial,
  };
}

describe('bucketsToPolyline', () => {
  it('draws first, min, max, last in step order so a spike survives', () => {
    // steps 0..9, a spike of 100 at step 3, a dip of -5 at step 7
    const line = bucketsToPolyline([bucket({ firstStep: 0, first: 1, minStep: 7, min: -5, maxStep: 3, max: 100, lastStep: 9, last: 2 })]);
    expect([...line.steps]).toEqual([0, 3, 7, 9]);
    expect([...line.values]).toEqual([1, 100, -5, 2]);
  });

  it('drops repeated points (a min that is also the first point)', () => {
    const line = bucketsToPolyline([bucket({ firstStep: 0, first: 1, minStep: 0, min: 1, maxStep: 5, max: 4, lastStep: 5, last: 4 })]);
    expect([...line.steps]).toEqual([0, 5]);
    expect([...line.values]).toEqual([1, 4]);
  });

  it('keeps NaN first/last as gaps and ignores NaN extremes', () => {
    const line = bucketsToPolyline([bucket({ firstStep: 0, first: NaN, min: NaN, max: NaN, lastStep: 0, last: NaN })]);
    expect(line.values.length).toBe(1);
    expect(line.values[0]).toBeNaN();
  });
});

describe('pointsToBuckets', () => {
  it('makes one bucket per step with first/min/max/last of the points at that step', () => {
    const buckets = pointsToBuckets([
      { step: 1, value: 5, timestamp: 10 },
      { step: 0, value: 2, timestamp: 1 },
      { step: 1, value: 1, timestamp: 11 },
      { step: 1, value: 3, timestamp: 12 },
    ]);
    expect(buckets).toHaveLength(2);
    expect(buckets[1]).toMatchObject({ first: 5, min: 1, max: 5, last: 3, count: 3, lastTimestamp: 12 });
  });
});

describe('summaries', () => {
  const buckets = [
    bucket({ firstStep: 0, first: 3, minStep: 1, min: 1, maxStep: 2, max: 9, lastStep: 4, last: 2 }),
    bucket({ firstStep: 5, first: 2, lastStep: 9, last: 0.5 }),
  ];
  it('summarizes last, min, max', () => {
    expect(summarizeBuckets(buckets)).toEqual({ last: 0.5, lastStep: 9, min: 0.5, max: 9 });
  });
  it('keeps one value per bucket for smoothing', () => {
    expect([...bucketsToLastValues(buckets).values]).toEqual([2, 0.5]);
  });
  it('finds the finite extent, optionally positive only', () => {
    expect(finiteExtent([NaN, -2, 3, Infinity])).toEqual([-2, 3]);
    expect(finiteExtent([-2, 0, 3, 5], true)).toEqual([3, 5]);
    expect(finiteExtent([NaN])).toBeUndefined();
  });
});
