// Lazy views of a parsed JSON/YAML value: a node is summarised (kind, preview, child count) and its
// children are listed a page at a time, so a 20 MB document never becomes 20 MB of DOM.

export type NodeKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';
export type NodePath = readonly (string | number)[];

export interface NodeSummary {
  key: string | number;
  kind: NodeKind;
  /** Short text for leaves and a `{…}` / `[…]` hint for containers. */
  preview: string;
  childCount: number;
}

export interface ChildrenPage {
  children: NodeSummary[];
  total: number;
}

const PREVIEW_CHARS = 200;

export function kindOf(value: unknown): NodeKind {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'object':
      return 'object';
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'string';
  }
}

export function summarize(key: string | number, value: unknown): NodeSummary {
  const kind = kindOf(value);
  if (kind === 'array') {
    const count = (value as unknown[]).length;
    return { key, kind, preview: `[${count} ${count === 1 ? 'item' : 'items'}]`, childCount: count };
  }
  if (kind === 'object') {
    const count = Object.keys(value as object).length;
    return { key, kind, preview: `{${count} ${count === 1 ? 'key' : 'keys'}}`, childCount: count };
  }
  if (kind === 'string') {
    const text = value as string;
    const shown = text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
    return { key, kind, preview: JSON.stringify(shown), childCount: 0 };
  }
  if (kind === 'null') return { key, kind, preview: 'null', childCount: 0 };
  return { key, kind, preview: String(value), childCount: 0 };
}

export function valueAt(root: unknown, path: NodePath): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

export function childrenAt(root: unknown, path: NodePath, offset: number, limit: number): ChildrenPage {
  const node = valueAt(root, path);
  if (Array.isArray(node)) {
    const items = node.slice(offset, offset + limit);
    return { children: items.map((item, index) => summarize(offset + index, item)), total: node.length };
  }
  if (node !== null && typeof node === 'object') {
    const keys = Object.keys(node);
    return {
      children: keys.slice(offset, offset + limit).map((key) => summarize(key, (node as Record<string, unknown>)[key])),
      total: keys.length,
    };
  }
  return { children: [], total: 0 };
}
