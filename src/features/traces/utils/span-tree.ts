// The span tree of a trace: children by parent, ordered by start time, flattened into the rows
// a virtualized list shows (collapsed subtrees left out). Spans whose parent is not in the trace
// are roots, so a partial trace still shows every span. Iterative, so deep traces do not
// overflow the stack.
import type { TraceSpan } from '../../../entities/traces';

export interface SpanTree {
  roots: TraceSpan[];
  children: ReadonlyMap<string, TraceSpan[]>;
  byId: ReadonlyMap<string, TraceSpan>;
  /** Spans whose subtree holds an error (the span itself included). */
  errorPaths: ReadonlySet<string>;
}

export interface SpanRow {
  span: TraceSpan;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
}

const byStart = (a: TraceSpan, b: TraceSpan) => a.startMs - b.startMs;

export function buildSpanTree(spans: readonly TraceSpan[]): SpanTree {
  const byId = new Map<string, TraceSpan>();
  for (const span of spans) if (!byId.has(span.spanId)) byId.set(span.spanId, span);
  const children = new Map<string, TraceSpan[]>();
  const roots: TraceSpan[] = [];
  for (const span of byId.values()) {
    const parent = span.parentId;
    if (parent !== undefined && parent !== span.spanId && byId.has(parent)) {
      const list = children.get(parent);
      if (list) list.push(span);
      else children.set(parent, [span]);
    } else roots.push(span);
  }
  roots.sort(byStart);
  for (const list of children.values()) list.sort(byStart);

  // Mark every ancestor of an erroring span, so collapsed rows can say an error hides below.
  const errorPaths = new Set<string>();
  for (const span of byId.values()) {
    if (!span.hasError) continue;
    let current: TraceSpan | undefined = span;
    while (current && !errorPaths.has(current.spanId)) {
      errorPaths.add(current.spanId);
      current = current.parentId === undefined ? undefined : byId.get(current.parentId);
    }
  }
  return { roots, children, byId, errorPaths };
}

/** Rows in display order (depth first); children of spans in `collapsed` are left out. */
export function visibleSpanRows(tree: SpanTree, collapsed: ReadonlySet<string>): SpanRow[] {
  const rows: SpanRow[] = [];
  const visited = new Set<string>();
  const stack: { span: TraceSpan; depth: number }[] = [];
  for (let index = tree.roots.length - 1; index >= 0; index -= 1) {
    const root = tree.roots[index];
    if (root) stack.push({ span: root, depth: 0 });
  }
  while (stack.length > 0) {
    const item = stack.pop();
    if (!item || visited.has(item.span.spanId)) continue;
    visited.add(item.span.spanId);
    const kids = tree.children.get(item.span.spanId) ?? [];
    const expanded = !collapsed.has(item.span.spanId);
    rows.push({ span: item.span, depth: item.depth, hasChildren: kids.length > 0, expanded });
    if (!expanded) continue;
    for (let index = kids.length - 1; index >= 0; index -= 1) {
      const child = kids[index];
      if (child) stack.push({ span: child, depth: item.depth + 1 });
    }
  }
  return rows;
}

/** The spans from a root down to `spanId`, excluding it: what must be expanded to show it. */
export function ancestorsOf(tree: SpanTree, spanId: string): string[] {
  const path: string[] = [];
  const seen = new Set<string>([spanId]);
  let parent = tree.byId.get(spanId)?.parentId;
  while (parent !== undefined && tree.byId.has(parent) && !seen.has(parent)) {
    seen.add(parent);
    path.unshift(parent);
    parent = tree.byId.get(parent)?.parentId;
  }
  return path;
}
