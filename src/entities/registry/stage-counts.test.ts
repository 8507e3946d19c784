import { describe, expect, it } from 'vitest';
import { compareVersions, countByStage, latestPerStage, latestVersionNumber, stageChips } from './stage-counts';

describe('stage counts', () => {
  const versions = [
    { version: '1', stage: 'Archived' as const },
    { version: '2', stage: 'Production' as const },
    { version: '9', stage: 'Staging' as const },
    { version: '10', stage: 'None' as const },
    { version: '11', stage: 'None' as const },
  ];

  it('counts versions per stage and lists the non-empty ones in display order', () => {
    const counts = countByStage(versions);
    expect(counts).toEqual({ None: 2, Staging: 1, Production: 1, Archived: 1 });
    expect(stageChips(counts)).toEqual([
      { stage: 'Production', count: 1 },
      { stage: 'Staging', count: 1 },
      { stage: 'None', count: 2 },
      { stage: 'Archived', count: 1 },
    ]);
    expect(stageChips(countByStage([]))).toEqual([]);
  });

  it('orders version numbers numerically', () => {
    expect(latestVersionNumber(versions)).toBe('11');
    expect(latestVersionNumber([])).toBeUndefined();
    expect(['10', '9', '1'].sort(compareVersions)).toEqual(['1', '9', '10']);
  });

  it('finds the latest version of each stage', () => {
    expect(latestPerStage(versions).map((version) => version.version)).toEqual(['1', '2', '9', '11']);
  });
});
