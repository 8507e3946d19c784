import { describe, expect, it } from 'vitest';
import { buildDisplayItems, flattenPages, reuseItems, type ChildrenState } from './nesting';
import { testRun } from './test-runs';

const parent = testRun('p');
const childA = testRun('a', { parentRunId: 'p' });
const childB = testRun('b', { parentRunId: 'p' });
const orphan = testRun('o', { parentRunId: 'missing' });
const other = testRun('x');

function keys(items: ReturnType<typeof buildDisplayItems>): string[] {
  return items.map((item) => (item.kind === 'run' ? `${'  '.repeat(item.depth)}${item.run.runId}` : `${'  '.repeat(item.depth)}(${item.note})`));
}

describe('nested runs', () => {
  it('hides loaded children under a collapsed parent and keeps orphans at the top level', () => {
    const items = buildDisplayItems({ main: [childA, parent, orphan, childB, other], pinned: [], children: new Map(), expanded: new Set() });
    expect(keys(items)).toEqual(['p', 'o', 'x']);
    const first = items[0];
    expect(first?.kind === 'run' && first.hasChildren).toBe(true);
  });

  it('shows known children while the fetch runs, then the fetched ones in server order', () => {
    const loading = new Map<string, ChildrenState>([['p', { status: 'loading' }]]);
    expect(keys(buildDisplayItems({ main: [parent, childA], pinned: [], children: loading, expanded: new Set(['p']) }))).toEqual(['p', '  a']);
    const ready = new Map<string, ChildrenState>([['p', { status: 'ready', runs: [childB, childA], truncated: false }]]);
    expect(keys(buildDisplayItems({ main: [parent], pinned: [], children: ready, expanded: new Set(['p']) }))).toEqual(['p', '  b', '  a']);
  });

  it('reports loading, empty and truncated children', () => {
    expect(keys(buildDisplayItems({ main: [parent], pinned: [], children: new Map([['p', { status: 'loading' }]]), expanded: new Set(['p']) }))).toEqual(['p', '  (loading)']);
    expect(keys(buildDisplayItems({ main: [parent], pinned: [], children: new Map([['p', { status: 'ready', runs: [], truncated: false }]]), expanded: new Set(['p']) }))).toEqual(['p', '  (empty)']);
    expect(keys(buildDisplayItems({ main: [parent], pinned: [], children: new Map([['p', { status: 'ready', runs: [childA], truncated: true }]]), expanded: new Set(['p']) }))).toEqual(['p', '  a', '  (truncated)']);
  });

  it('puts pinned runs first, without repeating them', () => {
    const items = buildDisplayItems({ main: [other, parent, childA], pinned: [parent], children: new Map(), expanded: new Set(['p']) });
    expect(keys(items)).toEqual(['p', '  a', 'x']);
    const first = items[0];
    expect(first?.kind === 'run' && first.pinned).toBe(true);
  });

  it('nests grandchildren and survives parent cycles', () => {
    const grandchild = testRun('g', { parentRunId: 'a' });
    expect(keys(buildDisplayItems({ main: [parent, childA, grandchild], pinned: [], children: new Map(), expanded: new Set(['p', 'a']) }))).toEqual(['p', '  a', '    g']);
    const loopA = testRun('la', { parentRunId: 'lb' });
    const loopB = testRun('lb', { parentRunId: 'la' });
    const pinnedLoop = buildDisplayItems({ main: [], pinned: [loopA], children: new Map(), expanded: new Set(['la', 'lb']) });
    expect(keys(pinnedLoop)).toEqual(['la']);
    expect(keys(buildDisplayItems({ main: [loopA, loopB], pinned: [loopA], children: new Map(), expanded: new Set(['la', 'lb']) }))).toEqual(['la', '  lb']);
  });
});

describe('reuseItems', () => {
  it('keeps unchanged items and the whole list when nothing changed', () => {
    const first = buildDisplayItems({ main: [parent, childA, other], pinned: [], children: new Map(), expanded: new Set() });
    const again = buildDisplayItems({ main: [parent, childA, other], pinned: [], children: new Map(), expanded: new Set() });
    expect(reuseItems(first, again)).toBe(first);
    const more = buildDisplayItems({ main: [parent, childA, other, orphan], pinned: [], children: new Map(), expanded: new Set() });
    const reused = reuseItems(first, more);
    expect(reused).not.toBe(first);
    expect(reused[0]).toBe(first[0]);
    expect(reused[1]).toBe(first[1]);
    const expanded = reuseItems(first, buildDisplayItems({ main: [parent, childA, other], pinned: [], children: new Map(), expanded: new Set(['p']) }));
    expect(expanded[0]).not.toBe(first[0]);
    expect(reuseItems([], more)).toBe(more);
  });
});

describe('flattenPages', () => {
  const a = testRun('a');
  const b = testRun('b');
  const c = testRun('c', { parentRunId: 'a' });

  it('appends only new pages and drops repeated runs', () => {
    const page1 = { runs: [a, b] };
    const first = flattenPages(null, [page1]);
    expect(first.runs.map((run) => run.runId)).toEqual(['a', 'b']);
    expect(first.nested).toBe(false);
    const page2 = { runs: [b, c] };
    const second = flattenPages(first, [page1, page2]);
    expect(second.runs.map((run) => run.runId)).toEqual(['a', 'b', 'c']);
    expect(second.items[0]).toBe(first.items[0]);
    expect(second.nested).toBe(true);
    // Running the same step twice (React strict mode) gives the same answer.
    const again = flattenPages(first, [page1, page2]);
    expect(again.runs.map((run) => run.runId)).toEqual(['a', 'b', 'c']);
    const same = [page1, page2];
    const third = flattenPages(second, same);
    expect(flattenPages(third, same)).toBe(third);
  });

  it('starts over when the pages were replaced (refetch, new search)', () => {
    const first = flattenPages(null, [{ runs: [a, b] }]);
    const replaced = flattenPages(first, [{ runs: [b] }]);
    expect(replaced.runs.map((run) => run.runId)).toEqual(['b']);
    expect(replaced.items[0]?.kind === 'run' && replaced.items[0].run).toBe(b);
  });
});
