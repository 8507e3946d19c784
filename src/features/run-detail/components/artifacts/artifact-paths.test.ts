import { describe, expect, it } from 'vitest';
import { ancestorPaths, joinPath, parentPath } from './artifact-paths';

describe('artifact paths', () => {
  it('finds parents and ancestors', () => {
    expect(parentPath('a/b/c.txt')).toBe('a/b');
    expect(parentPath('c.txt')).toBe('');
    expect(ancestorPaths('a/b/c')).toEqual(['a', 'a/b']);
    expect(ancestorPaths('c')).toEqual([]);
  });
  it('joins', () => {
    expect(joinPath('', 'x')).toBe('x');
    expect(joinPath('a', 'x')).toBe('a/x');
  });
});
