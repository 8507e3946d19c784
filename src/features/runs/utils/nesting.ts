// Builds the flat list of rows the table displays: pinned runs first, then the server's order;
// a run whose parent run is loaded is shown under that parent (when it is expanded) instead of
// at the top level. Children fetched on expand replace what the main list happened to hold.
import type { Run } from '../../../entities/runs/run-model';

export type ChildrenState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; runs: readonly Run[]; truncated: boolean };

export type DisplayItem =
  | {
      kind: 'run';
      key: string;
      run: Run;
      depth: number;
      pinned: boolean;
      hasChildren: boolean;
      expanded: boolean;
    }
  | { kind: 'note'; key: string; parentRunId: string; depth: number; note: 'loading' | 'empty' | 'error' | 'truncated'; message?: string };

export interface DisplayInput {
  main: readonly Run[];
  pinned: readonly Run[];
  children: ReadonlyMap<string, ChildrenState>;
  expanded: ReadonlySet<string>;
}

export function buildDisplayItems({ main, pinned, children, expanded }: DisplayInput): DisplayItem[] {
  const loaded = new Set<string>();
  const knownChildren = new Map<string, Run[]>();
  const remember = (run: Run): void => {
    if (loaded.has(run.runId)) return;
    loaded.add(run.runId);
    if (run.parentRunId) {
      const list = knownChildren.get(run.parentRunId);
      if (list) list.push(run);
      else knownChildren.set(run.parentRunId, [run]);
    }
  };
  pinned.forEach(remember);
  main.forEach(remember);
  for (const state of children.values()) if (state.status === 'ready') state.runs.forEach(remember);

  const items: DisplayItem[] = [];
  const pinnedIds = new Set(pinned.map((run) => run.runId));

  const childrenOf = (runId: string): readonly Run[] => {
    const state = children.get(runId);
    if (state?.status === 'ready') return state.runs;
    return knownChildren.get(runId) ?? [];
  };

  const emit = (run: Run, depth: number, isPinned: boolean, ancestors: Set<string>): void => {
    const state = children.get(run.runId);
    const kids = childrenOf(run.runId);
    const hasChildren = kids.length > 0 || state !== undefined;
    const isExpanded = hasChildren && expanded.has(run.runId);
    items.push({ kind: 'run', key: `${isPinned ? 'pin' : 'run'}:${run.runId}`, run, depth, pinned: isPinned, hasChildren, expanded: isExpanded });
    if (!isExpanded) return;
    const keyBase = `${isPinned ? 'pin' : 'run'}:${run.runId}`;
    if (state?.status === 'loading' && kids.length === 0) {
      items.push({ kind: 'note', key: `${keyBase}:loading`, parentRunId: run.runId, depth: depth + 1, note: 'loading' });
      return;
    }
    if (state?.status === 'error') {
      items.push({ kind: 'note', key: `${keyBase}:error`, parentRunId: run.runId, depth: depth + 1, note: 'error', message: state.message });
    }
    if (kids.length === 0 && state?.status === 'ready') {
      items.push({ kind: 'note', key: `${keyBase}:empty`, parentRunId: run.runId, depth: depth + 1, note: 'empty' });
      return;
    }
    const path = new Set(ancestors).add(run.runId);
    for (const kid of kids) {
      if (path.has(kid.runId)) continue; // a cycle in parent tags: never loop
      emit(kid, depth + 1, isPinned, path);
    }
    if (state?.status === 'ready' && state.truncated) {
      items.push({ kind: 'note', key: `${keyBase}:truncated`, parentRunId: run.runId, depth: depth + 1, note: 'truncated' });
    }
  };

  for (const run of pinned) emit(run, 0, true, new Set());
  for (const run of main) {
    if (pinnedIds.has(run.runId)) continue;
    if (run.parentRunId && loaded.has(run.parentRunId) && run.parentRunId !== run.runId) continue;
    emit(run, 0, false, new Set());
  }
  return items;
}

function sameItem(a: DisplayItem, b: DisplayItem): boolean {
  if (a.kind === 'run' && b.kind === 'run') {
    return a.run === b.run && a.depth === b.depth && a.pinned === b.pinned && a.hasChildren === b.hasChildren && a.expanded === b.expanded;
  }
  if (a.kind === 'note' && b.kind === 'note') return a.depth === b.depth && a.note === b.note && a.message === b.message;
  return false;
}

/**
 * Keeps the previous object for every item that did not change, so memoised rows skip
 * re-rendering when a new page arrives. Returns `previous` itself when nothing changed.
 */
export function reuseItems(previous: readonly DisplayItem[], next: DisplayItem[]): DisplayItem[] {
  if (previous.length === 0) return next;
  const byKey = new Map(previous.map((item) => [item.key, item]));
  let changed = previous.length !== next.length;
  const result = next.map((item, index) => {
    const old = byKey.get(item.key);
    const kept = old && sameItem(old, item) ? old : item;
    if (!changed && previous[index] !== kept) changed = true;
    return kept;
  });
  return changed ? result : (previous as DisplayItem[]);
}

/** The loaded pages flattened into unique runs and plain top-level items, built incrementally. */
export interface FlatPages {
  pages: readonly { runs: readonly Run[] }[];
  /** Unique runs in server order (offset paging can repeat a run when runs are added meanwhile). */
  runs: Run[];
  /** One top-level item per run, for views without nesting or pinned runs. */
  items: DisplayItem[];
  /** Run id -> position in `runs` (shared between generations; see flattenPages). */
  seen: Map<string, number>;
  /** Some run has a parent run tag. */
  nested: boolean;
}

function plainItem(run: Run): DisplayItem {
  return { kind: 'run', key: `run:${run.runId}`, run, depth: 0, pinned: false, hasChildren: false, expanded: false };
}

/**
 * Flattens pages; when `pages` extends the previously flattened pages (the next page arrived),
 * only the new pages are processed, so loading page 300 does not rescan pages 1-299.
 */
export function flattenPages(previous: FlatPages | null, pages: readonly { runs: readonly Run[] }[]): FlatPages {
  if (previous && previous.pages === pages) return previous;
  const extends_ = previous !== null && previous.pages.length <= pages.length && previous.pages.every((page, index) => pages[index] === page);
  if (extends_ && previous.pages.length === pages.length) return { ...previous, pages };
  const base: FlatPages = extends_ ? previous : { pages: [], runs: [], items: [], seen: new Map(), nested: false };
  // The id map is extended in place (no O(n) copy per page). Positions at or past the base
  // length belong to an earlier call on the same base (React may run a memo twice), so they
  // count as new: the result does not depend on how often this runs.
  const seen = base.seen;
  const baseLength = base.runs.length;
  const inThisCall = new Set<string>();
  const newRuns: Run[] = [];
  let nested = base.nested;
  for (const page of pages.slice(extends_ ? previous.pages.length : 0)) {
    for (const run of page.runs) {
      const at = seen.get(run.runId);
      if (inThisCall.has(run.runId) || (at !== undefined && at < baseLength)) continue;
      inThisCall.add(run.runId);
      seen.set(run.runId, baseLength + newRuns.length);
      newRuns.push(run);
      if (run.parentRunId) nested = true;
    }
  }
  return {
    pages,
    runs: newRuns.length ? base.runs.concat(newRuns) : base.runs,
    items: newRuns.length ? base.items.concat(newRuns.map(plainItem)) : base.items,
    seen,
    nested,
  };
}
