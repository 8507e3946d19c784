import { describe, expect, it } from 'vitest';
import { splitExperimentIds } from './experiment-ids';

describe('splitExperimentIds', () => {
  it('splits, trims and de-duplicates', () => {
    expect(splitExperimentIds('1,2, 3,2')).toEqual(['1', '2', '3']);
  });
  it('drops blanks and handles missing input', () => {
    expect(splitExperimentIds('1,,')).toEqual(['1']);
    expect(splitExperimentIds(undefined)).toEqual([]);
  });
});
