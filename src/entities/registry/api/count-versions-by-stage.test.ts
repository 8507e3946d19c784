import { describe, expect, it } from 'vitest';
import { groupNames } from './count-versions-by-stage';

describe('groupNames', () => {
  it('keeps a usual page of names in one request', () => {
    const names = Array.from({ length: 100 }, (_, index) => `model-${index}`);
    expect(groupNames(names)).toEqual([names]);
  });

  it('splits long names so no query string passes the limit, keeping order', () => {
    const names = ['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40), 'é'.repeat(10)];
    const groups = groupNames(names, 100);
    expect(groups.flat()).toEqual(names);
    expect(groups).toEqual([[names[0], names[1]], [names[2]], [names[3]]]);
  });

  it('sends a name longer than the limit on its own rather than dropping it', () => {
    expect(groupNames(['x'.repeat(500), 'y'], 100)).toEqual([['x'.repeat(500)], ['y']]);
  });
});
