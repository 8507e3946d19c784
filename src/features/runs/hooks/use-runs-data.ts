// Everything the runs table shows, from the server: the main list (infinite, server-sorted and
// filtered), pinned runs, children of expanded parents; flattened into display rows, with the
// keys seen (columns, completions) and the per-column "differs" summary. Work per page is
// cached by page object, so loading page 40 does not rescan pages 1-39.
import { useQueries } from '@tanstack/react-query';
import { useMemo, useRef } from 'react';
import { childRunsQueryOptions, LIVE_REFRESH_MS, useRunsByIds, useRunsPages, type RunsPage, type SearchRunsParams } from '../../../entities/runs/api/search-runs';
import { differingColumns, mergeDiffSummaries, summarizeRows, type DiffSummary } from '../utils/column-diff';
import type { ColumnKeySets } from '../utils/column-layout';
import { buildDisplayItems, flattenPages, reuseItems, type ChildrenState, type DisplayItem, type FlatPages } from '../utils/nesting';
import { collectKeys, mergeKeys, sameKeys, type MutableKeySets } from '../utils/run-keys';
import type { Run } from '../../../entities/runs/run-model';

/**
 * Poll every second while a shown run is RUNNING (values appear within 2 s of being logged); slower
 * when many pages are loaded, since every loaded page is refetched.
 */
export function refreshInterval(pageCount: number): number {
  return Math.max(LIVE_REFRESH_MS, pageCount * 1_000);
}

const pageKeys = new WeakMap<object, MutableKeySets>();
const pageDiffs = new WeakMap<object, DiffSummary>();
const pageRunning = new WeakMap<object, boolean>();

function keysOf(page: object, runs: readonly Run[]): MutableKeySets {
  let keys = pageKeys.get(page);
  if (!keys) {
    keys = collectKeys(runs);
    pageKeys.set(page, keys);
  }
  return keys;
}

function diffOf(page: object, runs: readonly Run[]): DiffSummary {
  let summary = pageDiffs.get(page);
  if (!summary) {
    summary = summarizeRows(runs);
    pageDiffs.set(page, summary);
  }
  return summary;
}

function hasRunning(page: object, runs: readonly Run[]): boolean {
  let running = pageRunning.get(page);
  if (running === undefined) {
    running = runs.some((run) => run.status === 'RUNNING');
    pageRunning.set(page, running);
  }
  return running;
}

const EMPTY_RUNS: Run[] = [];
const EMPTY_PAGES: RunsPage[] = [];
const NO_COLUMNS: ReadonlySet<string> = new Set();

export interface RunsDataOptions {
  params: SearchRunsParams;
  enabled: boolean;
  pinnedRunIds: readonly string[];
  expanded: readonly string[];
  /** Work out which columns differ (only needed for "only columns that differ"). */
  computeDiff: boolean;
}

export function useRunsData({ params, enabled, pinnedRunIds, expanded, computeDiff }: RunsDataOptions) {
  const main = useRunsPages(params, {
    enabled,
    refetchInterval: (data) => {
      const pages = data?.pages ?? [];
      return pages.some((page) => hasRunning(page, page.runs)) ? refreshInterval(pages.length) : false;
    },
  });

  const pinnedQuery = useRunsByIds(pinnedRunIds, params.experimentIds, { enabled: pinnedRunIds.length > 0 && params.experimentIds.length > 0 });

  const childQueries = useQueries({
    queries: enabled
      ? expanded.map((parentRunId) => ({
          ...childRunsQueryOptions(parentRunId, params),
          refetchInterval: (query: { state: { data?: { runs: Run[] } } }) => (query.state.data?.runs.some((run) => run.status === 'RUNNING') ? LIVE_REFRESH_MS : false),
        }))
      : [],
  });

  const pages: readonly RunsPage[] = main.data?.pages ?? EMPTY_PAGES;
  const flatRef = useRef<FlatPages | null>(null);
  const flat = useMemo(() => {
    const next = flattenPages(flatRef.current, pages);
    flatRef.current = next;
    return next;
  }, [pages]);
  const mainRuns = flat.runs;
  // Placeholder data may still hold runs unpinned since: keep only the current pins.
  const pinnedData = pinnedQuery.data;
  const pinnedRuns = useMemo(() => {
    if (!pinnedData || pinnedRunIds.length === 0) return EMPTY_RUNS;
    const byId = new Map(pinnedData.map((run) => [run.runId, run]));
    return pinnedRunIds.map((id) => byId.get(id)).filter((run): run is Run => run !== undefined);
  }, [pinnedData, pinnedRunIds]);

  const childrenKey = childQueries.map((query) => `${query.status}:${query.dataUpdatedAt}`).join('|');
  const children = useMemo(() => {
    const map = new Map<string, ChildrenState>();
    expanded.forEach((parentRunId, index) => {
      const query = childQueries[index];
      if (!query) return;
      if (query.data) map.set(parentRunId, { status: 'ready', runs: query.data.runs, truncated: query.data.truncated });
      else if (query.error) map.set(parentRunId, { status: 'error', message: query.error.message });
      else map.set(parentRunId, { status: 'loading' });
    });
    return map;
    // childrenKey captures the query states.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [expanded, childrenKey]);

  const expandedSet = useMemo(() => new Set(expanded), [expanded]);
  // Unchanged items keep their identity, so rows on screen do not re-render for a new page.
  const previousItems = useRef<DisplayItem[]>([]);
  const items: DisplayItem[] = useMemo(() => {
    // Without nesting or pinned runs, the flattened pages are the rows (built per page).
    const next =
      !flat.nested && pinnedRuns.length === 0 && children.size === 0
        ? flat.items
        : reuseItems(previousItems.current, buildDisplayItems({ main: mainRuns, pinned: pinnedRuns, children, expanded: expandedSet }));
    previousItems.current = next;
    return next;
  }, [flat, mainRuns, pinnedRuns, children, expandedSet]);

  const extraRuns = useMemo(() => {
    const list: Run[] = [...pinnedRuns];
    for (const state of children.values()) if (state.status === 'ready') list.push(...state.runs);
    return list;
  }, [pinnedRuns, children]);

  // Keys: stable array identities while the set of keys does not change.
  const previousKeys = useRef<ColumnKeySets | null>(null);
  const keys = useMemo(() => {
    const next = mergeKeys([...pages.map((page) => keysOf(page, page.runs)), collectKeys(extraRuns)]);
    if (previousKeys.current && sameKeys(previousKeys.current, next)) return previousKeys.current;
    previousKeys.current = next;
    return next;
  }, [pages, extraRuns]);

  const differing = useMemo(
    () => (computeDiff ? differingColumns(mergeDiffSummaries([...pages.map((page) => diffOf(page, page.runs)), summarizeRows(extraRuns)])) : NO_COLUMNS),
    [computeDiff, pages, extraRuns],
  );

  return {
    main,
    items,
    mainRuns,
    keys,
    differing,
    pinnedError: pinnedQuery.error,
  };
}

export type RunsData = ReturnType<typeof useRunsData>;
