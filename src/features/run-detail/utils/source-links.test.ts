import { describe, expect, it } from 'vitest';
import { commitUrl, normalizeRepoUrl } from './source-links';

describe('source links', () => {
  it('normalises ssh and https repository URLs', () => {
    expect(normalizeRepoUrl('git@github.com:org/repo.git')).toBe('https://github.com/org/repo');
    expect(normalizeRepoUrl('https://github.com/org/repo.git')).toBe('https://github.com/org/repo');
    expect(normalizeRepoUrl('https://token@gitlab.com/group/sub/repo')).toBe('https://gitlab.com/group/sub/repo');
    expect(normalizeRepoUrl('/local/path')).toBeUndefined();
  });

  it('builds commit links for known hosts only', () => {
    expect(commitUrl('git@github.com:org/repo.git', 'abc1234')).toBe('https://github.com/org/repo/commit/abc1234');
    expect(commitUrl('https://gitlab.com/g/r.git', 'abc1234')).toBe('https://gitlab.com/g/r/-/commit/abc1234');
    expect(commitUrl('https://git.internal/x/y', 'abc1234')).toBeUndefined();
    expect(commitUrl('https://github.com/o/r', 'not a sha')).toBeUndefined();
    expect(commitUrl(undefined, 'abc1234')).toBeUndefined();
  });
});
