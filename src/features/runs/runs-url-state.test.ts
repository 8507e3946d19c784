import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RUNS_VIEW_STATE,
  decodeRunMarks,
  decodeRunsViewState,
  encodeRunMarks,
  encodeRunsViewState,
  filterClock,
  runsSearchFromView,
  type RunsViewState,
} from './runs-url-state';

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

describe('pinned and hidden runs in the URL', () => {
  it('reads an absent parameter as null and an empty one as no runs', () => {
    expect(decodeRunMarks(new URLSearchParams('q=x'), 'pinned')).toBeNull();
    expect(decodeRunMarks(new URLSearchParams('pinned='), 'pinned')).toEqual([]);
    expect(decodeRunMarks(new URLSearchParams('hidden=a,,b,a'), 'hidden')).toEqual(['a', 'b']);
  });

  it('writes one parameter, keeps the others and keeps an empty list in the URL', () => {
    const base = new URLSearchParams('q=metrics.acc+%3E+1&hidden=h1&sort=name');
    const pinned = encodeRunMarks(base, 'pinned', ['r2', 'r1', 'r2']);
    expect(pinned.get('pinned')).toBe('r2,r1');
    expect(pinned.get('hidden')).toBe('h1');
    expect(pinned.get('q')).toBe('metrics.acc > 1');
    expect(pinned.get('sort')).toBe('name');
    expect(base.get('pinned')).toBeNull();
    expect(encodeRunMarks(pinned, 'hidden', []).toString()).toContain('hidden=&');
  });

  it('is not touched by the view encoder, so marks survive any view change', () => {
    const params = encodeRunsViewState({ ...DEFAULT_RUNS_VIEW_STATE, filter: 'lr' }, new URLSearchParams('pinned=a&hidden=b'));
    expect(decodeRunMarks(params, 'pinned')).toEqual(['a']);
    expect(decodeRunMarks(params, 'hidden')).toEqual(['b']);
  });
});

describe('the runs/search request of a view', () => {
  const now = Date.UTC(2026, 11, 7, 10, 30, 45);

  it('builds the filter, order and view type the page searches with', () => {
    const view = decodeRunsViewState(new URLSearchParams('q=metrics.acc+%3E+0.5&sort=metrics.acc&dir=asc&view=all&status=running'));
    const search = runsSearchFromView(['1', '2'], view, now);
    expect(search.ok).toBe(true);
    expect(search.params.experimentIds).toEqual(['1', '2']);
    expect(search.params.filter).toContain('metrics.acc > 0.5');
    expect(search.params.filter).toContain("attributes.status = 'RUNNING'");
    expect(search.params.orderBy).toEqual(['metrics.`acc` ASC']);
    expect(search.params.runViewType).toBe('ALL');
  });

  it('reports a bad filter and searches nothing filtered', () => {
    const search = runsSearchFromView(['1'], decodeRunsViewState(new URLSearchParams('q=metrics.acc+%3E')), now);
    expect(search.ok).toBe(false);
    expect(search.params.filter).toBe('');
  });

  it('rounds the created-within clock to the minute, so the route and the page ask the same query', () => {
    expect(filterClock(now)).toBe(Date.UTC(2026, 11, 7, 10, 30));
    const view = decodeRunsViewState(new URLSearchParams('within=1h'));
    expect(runsSearchFromView(['1'], view, filterClock(now)).params).toEqual(runsSearchFromView(['1'], view, filterClock(now + 10_000)).params);
  });
});
