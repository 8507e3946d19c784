// Which optional columns are shown, in what order, and which are pinned: resolved from the URL
// (when it names columns), else the per-experiment saved choice, else the default (every fixed
// column plus every metric and param of the loaded runs, metrics and params first).
import { COLUMN_GROUPS, FIXED_COLUMNS, columnGroupOf, dataColumnId, type ColumnGroupId } from './column-ids';

export interface ColumnKeySets {
  metrics: readonly string[];
  params: readonly string[];
  tags: readonly string[];
}

export interface ColumnLayout {
  /** null: the default choice, which follows the loaded keys. */
  columns: string[] | null;
  pinned: string[];
  collapsed: ColumnGroupId[];
}

export interface SavedColumnLayout extends ColumnLayout {
  widths: Record<string, number>;
}

/** Columns always shown at the left: selection, run controls and the run name. */
export const STRUCTURAL_COLUMNS = ['select', 'controls', 'name'] as const;

export function defaultColumns(keys: ColumnKeySets): string[] {
  return [
    ...keys.metrics.map((key) => dataColumnId('metrics', key)),
    ...keys.params.map((key) => dataColumnId('params', key)),
    ...FIXED_COLUMNS.map((column) => column.id).filter((id) => id !== 'name'),
  ];
}

export function allOptionalColumns(keys: ColumnKeySets): string[] {
  return [...defaultColumns(keys), ...keys.tags.map((key) => dataColumnId('tags', key))];
}

/** Keeps the groups contiguous (attributes, metrics, params, tags), preserving order inside each. */
export function groupColumns(columns: readonly string[]): string[] {
  const seen = new Set<string>();
  const unique = columns.filter((id) => id !== 'name' && columnGroupOf(id) !== null && !seen.has(id) && seen.add(id));
  return COLUMN_GROUPS.flatMap((group) => unique.filter((id) => columnGroupOf(id) === group));
}

export function effectiveColumns(layout: ColumnLayout, keys: ColumnKeySets): string[] {
  return groupColumns(layout.columns ?? defaultColumns(keys));
}

/** Moves `source` next to `target` (before it when moving left, after it when moving right), within one group. */
export function moveColumn(columns: readonly string[], source: string, target: string): string[] {
  if (source === target || columnGroupOf(source) !== columnGroupOf(target)) return [...columns];
  const from = columns.indexOf(source);
  const to = columns.indexOf(target);
  if (from < 0 || to < 0) return [...columns];
  const next = columns.filter((id) => id !== source);
  const targetIndex = next.indexOf(target);
  next.splice(from < to ? targetIndex + 1 : targetIndex, 0, source);
  return next;
}

/** Moves a column one place left (-1) or right (+1) within its group. */
export function shiftColumn(columns: readonly string[], id: string, direction: -1 | 1): string[] {
  const index = columns.indexOf(id);
  const neighbour = columns[index + direction];
  if (index < 0 || neighbour === undefined) return [...columns];
  return moveColumn(columns, id, neighbour);
}

export function isSavedColumnLayout(value: unknown): value is SavedColumnLayout {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  const strings = (item: unknown): boolean => Array.isArray(item) && item.every((entry) => typeof entry === 'string');
  return (
    (record.columns === null || strings(record.columns)) &&
    strings(record.pinned) &&
    strings(record.collapsed) &&
    typeof record.widths === 'object' &&
    record.widths !== null &&
    Object.values(record.widths).every((width) => typeof width === 'number' && Number.isFinite(width))
  );
}
