import { describe, expect, it } from 'vitest';
import type { TraceSpan } from '../../../entities/traces';
import { ancestorsOf, buildSpanTree, visibleSpanRows } from './span-tree';

function span(spanId: string, parentId: string | undefined, startMs: number, hasError = false): TraceSpan {
  return {
    spanId,
    parentId,
    otelTraceId: undefined,
    name: spanId,
    startMs,
    endMs: startMs + 1,
    status: hasError ? 'ERROR' : 'OK',
    statusMessage: '',
    spanType: 'UNKNOWN',
    rawAttributes: {},
    events: [],
    hasError,
  };
}

describe('span tree', () => {
  const spans = [
    span('b', 'root', 5),
    span('root', undefined, 0),
    span('a', 'root', 1),
    span('a1', 'a', 2, true),
    span('orphan', 'missing', 3),
  ];
  const tree = buildSpanTree(spans);

  it('orders children by start and makes spans with a missing parent roots', () => {
    expect(tree.roots.map((item) => item.spanId)).toEqual(['root', 'orphan']);
    expect(visibleSpanRows(tree, new Set()).map((row) => `${row.span.spanId}@${row.depth}`)).toEqual([
      'root@0',
      'a@1',
      'a1@2',
      'b@1',
      'orphan@0',
    ]);
  });

  it('leaves out the subtree of a collapsed span and says so on its row', () => {
    const rows = visibleSpanRows(tree, new Set(['a']));
    expect(rows.map((row) => row.span.spanId)).toEqual(['root', 'a', 'b', 'orphan']);
    expect(rows[1]).toMatchObject({ hasChildren: true, expanded: false });
    expect(rows[2]).toMatchObject({ hasChildren: false });
  });

  it('marks the path to an error and finds ancestors', () => {
    expect([...tree.errorPaths].sort()).toEqual(['a', 'a1', 'root']);
    expect(ancestorsOf(tree, 'a1')).toEqual(['root', 'a']);
    expect(ancestorsOf(tree, 'orphan')).toEqual([]);
  });

  it('survives cycles and 5,000-deep chains without recursion', () => {
    const cyclic = buildSpanTree([span('x', 'y', 0), span('y', 'x', 1)]);
    expect(visibleSpanRows(cyclic, new Set()).length).toBeLessThanOrEqual(2);
    const chain = Array.from({ length: 5000 }, (_, index) => span(`s${index}`, index === 0 ? undefined : `s${index - 1}`, index));
    const rows = visibleSpanRows(buildSpanTree(chain), new Set());
    expect(rows).toHaveLength(5000);
    expect(rows[4999]?.depth).toBe(4999);
  });
});
