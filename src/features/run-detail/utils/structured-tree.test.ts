import { describe, expect, it } from 'vitest';
import { childrenAt, summarize, valueAt } from './structured-tree';

const doc = { a: [1, 2, 3], b: { c: 'x'.repeat(300), d: null, e: true } };

describe('structured tree', () => {
  it('summarises containers and leaves', () => {
    expect(summarize('root', doc)).toEqual({ key: 'root', kind: 'object', preview: '{2 keys}', childCount: 2 });
    expect(summarize(0, [1])).toEqual({ key: 0, kind: 'array', preview: '[1 item]', childCount: 1 });
    expect(summarize('n', 1.5).preview).toBe('1.5');
    expect(summarize('s', 'x'.repeat(300)).preview.length).toBeLessThan(210);
    expect(summarize('z', null).kind).toBe('null');
  });

  it('walks paths', () => {
    expect(valueAt(doc, ['a', 1])).toBe(2);
    expect(valueAt(doc, ['b', 'e'])).toBe(true);
    expect(valueAt(doc, ['missing', 'x'])).toBeUndefined();
  });

  it('pages children', () => {
    const page = childrenAt(doc, ['a'], 1, 1);
    expect(page.total).toBe(3);
    expect(page.children).toEqual([{ key: 1, kind: 'number', preview: '2', childCount: 0 }]);
    expect(childrenAt(doc, ['b'], 0, 10).children.map((child) => child.key)).toEqual(['c', 'd', 'e']);
    expect(childrenAt(doc, ['b', 'e'], 0, 10)).toEqual({ children: [], total: 0 });
  });
});
