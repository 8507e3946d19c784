// Column identifiers of the runs table and how each maps to MLflow's order_by grammar.
// Fixed columns have plain ids; data columns are `metrics.<key>`, `params.<key>`, `tags.<key>`
// (split at the first dot, like MLflow identifiers). Keys never contain commas (MLflow's key
// regex), so lists of ids can be joined with commas in the URL.

export type FixedColumnId = 'status' | 'name' | 'created' | 'duration' | 'user' | 'source' | 'commit' | 'datasets' | 'models' | 'registered';
export type DataColumnKind = 'metrics' | 'params' | 'tags';
export type ColumnGroupId = 'attributes' | DataColumnKind;

/**
 * The table's column groups, left to right: metrics and params first, so what tells runs apart is
 * on screen at 1440 px; the nine run attributes (created, user, datasets, models...) after them.
 */
export const COLUMN_GROUPS: readonly ColumnGroupId[] = ['metrics', 'params', 'attributes', 'tags'];

export const FIXED_COLUMNS: readonly { id: FixedColumnId; label: string; orderBy?: string; width: number }[] = [
  { id: 'status', label: 'Status', orderBy: 'attributes.status', width: 118 },
  { id: 'name', label: 'Run name', orderBy: 'attributes.run_name', width: 240 },
  { id: 'created', label: 'Created', orderBy: 'attributes.start_time', width: 130 },
  { id: 'duration', label: 'Duration', width: 96 },
  { id: 'user', label: 'User', orderBy: 'tags.`mlflow.user`', width: 120 },
  { id: 'source', label: 'Source', orderBy: 'tags.`mlflow.source.name`', width: 160 },
  { id: 'commit', label: 'Git commit', orderBy: 'tags.`mlflow.source.git.commit`', width: 136 },
  { id: 'datasets', label: 'Datasets', width: 200 },
  { id: 'models', label: 'Logged models', width: 160 },
  { id: 'registered', label: 'Registered models', width: 170 },
];

const FIXED_IDS: ReadonlySet<string> = new Set(FIXED_COLUMNS.map((column) => column.id));

export type ParsedColumnId = { kind: 'fixed'; id: FixedColumnId } | { kind: DataColumnKind; key: string };

export function isFixedColumnId(id: string): id is FixedColumnId {
  return FIXED_IDS.has(id);
}

export function dataColumnId(kind: DataColumnKind, key: string): string {
  return `${kind}.${key}`;
}

export function parseColumnId(id: string): ParsedColumnId | null {
  if (isFixedColumnId(id)) return { kind: 'fixed', id };
  const dot = id.indexOf('.');
  if (dot <= 0 || dot === id.length - 1) return null;
  const kind = id.slice(0, dot);
  const key = id.slice(dot + 1);
  if (kind === 'metrics' || kind === 'params' || kind === 'tags') return { kind, key };
  return null;
}

export function columnGroupOf(id: string): ColumnGroupId | null {
  const parsed = parseColumnId(id);
  if (!parsed) return null;
  return parsed.kind === 'fixed' ? 'attributes' : parsed.kind;
}

export function fixedColumnLabel(id: FixedColumnId): string {
  return FIXED_COLUMNS.find((column) => column.id === id)?.label ?? id;
}

/** The MLflow order_by entry for sorting by a column, or null if the server cannot sort by it. */
export function orderByForColumn(id: string, descending: boolean): string | null {
  const parsed = parseColumnId(id);
  if (!parsed) return null;
  const direction = descending ? 'DESC' : 'ASC';
  if (parsed.kind === 'fixed') {
    const orderBy = FIXED_COLUMNS.find((column) => column.id === parsed.id)?.orderBy;
    return orderBy ? `${orderBy} ${direction}` : null;
  }
  return `${parsed.kind}.\`${parsed.key}\` ${direction}`;
}

export function isSortableColumn(id: string): boolean {
  return orderByForColumn(id, false) !== null;
}
