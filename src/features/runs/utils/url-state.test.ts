import { describe, expect, it } from 'vitest';
import { DEFAULT_RUNS_VIEW_STATE, decodeRunsViewState, encodeRunsViewState, type RunsViewState } from './url-state';

describe('runs view URL state', () => {
  it('decodes an empty query to the defaults', () => {
    expect(decodeRunsViewState(new URLSearchParams())).toEqual(DEFAULT_RUNS_VIEW_STATE);
  });

  it('encodes the defaults to nothing and keeps unrelated params', () => {
    const encoded = encodeRunsViewState(DEFAULT_RUNS_VIEW_STATE, new URLSearchParams('tab=table&q=old'));
    expect(encoded.toString()).toBe('tab=table');
  });

  it('round-trips every field', () => {
    const state: RunsViewState = {
      filter: "metrics.acc > 0.9 AND params.opt = 'adam'",
      sort: { columnId: 'metrics.val loss', descending: false },
      viewType: 'DELETED_ONLY',
      statuses: ['RUNNING', 'FAILED'],
      created: { within: 'custom', from: 1_700_000_000_000, to: 1_700_000_360_000 },
      columns: ['status', 'name', 'metrics.acc', 'params.lr', 'tags.team'],
      pinnedColumns: ['metrics.acc'],
      collapsedGroups: ['tags'],
      selection: ['a1', 'b2'],
      expanded: ['p1'],
      metricAggregate: 'max',
      onlyDiffering: true,
    };
    const params = encodeRunsViewState(state);
    expect(decodeRunsViewState(new URLSearchParams(params.toString()))).toEqual(state);
  });

  it('round-trips "select all matching" and an explicitly empty column choice', () => {
    const state: RunsViewState = { ...DEFAULT_RUNS_VIEW_STATE, selection: 'all', columns: [] };
    const decoded = decodeRunsViewState(encodeRunsViewState(state));
    expect(decoded.selection).toBe('all');
    expect(decoded.columns).toEqual([]);
  });

  it('ignores garbage instead of throwing', () => {
    const decoded = decodeRunsViewState(
      new URLSearchParams('view=bogus&status=running,nope&within=2y&cols=foo,metrics.a,metrics.&agg=avg&sort=nothing&collapsed=x,params&sel=,a,,a'),
    );
    expect(decoded.viewType).toBe('ACTIVE_ONLY');
    expect(decoded.statuses).toEqual(['RUNNING']);
    expect(decoded.created).toBeNull();
    expect(decoded.columns).toEqual(['metrics.a']);
    expect(decoded.metricAggregate).toBe('last');
    expect(decoded.sort).toBeNull();
    expect(decoded.collapsedGroups).toEqual(['params']);
    expect(decoded.selection).toEqual(['a']);
  });

  it('defaults the sort direction to descending and accepts ISO dates for custom ranges', () => {
    const decoded = decodeRunsViewState(new URLSearchParams('sort=created&within=custom&from=2024-01-02T00:00:00Z'));
    expect(decoded.sort).toEqual({ columnId: 'created', descending: true });
    expect(decoded.created).toEqual({ within: 'custom', from: Date.parse('2024-01-02T00:00:00Z') });
  });
});
