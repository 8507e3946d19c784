// The runs table: column definitions (structural, fixed MLflow attributes, then metric /
// param / tag groups) on top of the shared virtualized DataTable.
import {
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type ColumnPinningState,
  type ColumnSizingState,
  type Header,
  type SortingState,
  type Updater,
} from '@tanstack/react-table';
import { useCallback, useMemo, type KeyboardEvent, type ReactNode } from 'react';
import { DataTable, type DataTableRowAttributes, type VisibleRange } from '../../../components/data-table/data-table';
import type { RegistryVersion as RunModelVersion } from '../../../entities/registry/registry-model';
import type { MetricRangesByKey } from '../api/get-metric-ranges';
import {
  COLUMN_GROUPS,
  FIXED_COLUMNS,
  columnGroupOf,
  isSortableColumn,
  parseColumnId,
  type ColumnGroupId,
  type FixedColumnId,
} from '../utils/column-ids';
import { STRUCTURAL_COLUMNS, moveColumn, shiftColumn, type ColumnLayout } from '../utils/column-layout';
import type { DisplayItem } from '../utils/nesting';
import { colorInView } from '../../../lib/run-colors';
import { readKey, type Run } from '../../../entities/runs/run-model';
import type { MetricAggregate, RunsSort } from '../runs-url-state';
import { ColumnMenu } from './column-menu';
import {
  AppLink,
  CommitCell,
  CreatedCell,
  DatasetsCell,
  DurationCell,
  LoggedModelsCell,
  MetricCell,
  RegisteredModelsCell,
  SourceCell,
  StatusCell,
  TextCell,
} from './run-cells';
import { paths } from '../../../config/paths';
import { useRun } from '../../../entities/runs/api/get-run';

export interface RunsTableMeta {
  now: number;
  colors: Readonly<Record<string, string>>;
  hidden: ReadonlySet<string>;
  pinned: ReadonlySet<string>;
  selected: ReadonlySet<string>;
  allMatchingSelected: boolean;
  /** Run ids of the rows loaded so far (read when the header renders). */
  getLoadedRunIds: () => readonly string[];
  /** Client-side navigation for the links in cells. */
  navigate: (to: string) => void;
  metricAggregate: MetricAggregate;
  metricRanges: MetricRangesByKey;
  metricRangesLoading: boolean;
  modelVersions: ReadonlyMap<string, RunModelVersion[]>;
  modelVersionsLoading: boolean;
  onToggleSelect: (runId: string, range: boolean) => void;
  onToggleAllLoaded: (select: boolean) => void;
  onToggleExpand: (runId: string) => void;
  onToggleHidden: (runId: string) => void;
  onTogglePinned: (runId: string) => void;
  /** Opens the colour picker for a run, next to `anchor`. */
  onPickColor: (runId: string, color: string, anchor: HTMLElement) => void;
}

export interface RunsTableProps {
  items: readonly DisplayItem[];
  columns: readonly string[];
  layout: ColumnLayout;
  onLayoutChange: (layout: ColumnLayout) => void;
  sizing: ColumnSizingState;
  onSizingChange: (updater: Updater<ColumnSizingState>) => void;
  sort: RunsSort | null;
  onSortChange: (sort: RunsSort | null) => void;
  groupCounts: Readonly<Record<ColumnGroupId, number>>;
  meta: RunsTableMeta;
  height: number | string;
  onVisibleRangeChange: (range: VisibleRange) => void;
  onEndReached: () => void;
  footer?: ReactNode;
  empty?: ReactNode;
  /** Changes with the search (filter, sort, view): the table scrolls back to the top. */
  searchKey: string;
}

const GROUP_LABELS: Readonly<Record<ColumnGroupId, string>> = { attributes: 'Run', metrics: 'Metrics', params: 'Parameters', tags: 'Tags' };

function metaOf(context: { table: { options: { meta?: unknown } } }): RunsTableMeta {
  return context.table.options.meta as RunsTableMeta;
}

function runOf(item: DisplayItem): Run | null {
  return item.kind === 'run' ? item.run : null;
}

function columnTitle(id: string): string {
  const parsed = parseColumnId(id);
  if (!parsed) return id;
  if (parsed.kind === 'fixed') return FIXED_COLUMNS.find((column) => column.id === parsed.id)?.label ?? id;
  return parsed.key;
}

function SelectAllHeader({ meta }: { meta: RunsTableMeta }) {
  const ids = meta.getLoadedRunIds();
  const selectedCount = meta.allMatchingSelected ? ids.length : ids.filter((id) => meta.selected.has(id)).length;
  const all = ids.length > 0 && selectedCount === ids.length;
  return (
    <input
      type="checkbox"
      className="rb-checkbox"
      aria-label="Select all loaded runs"
      checked={all}
      ref={(element) => {
        if (element) element.indeterminate = selectedCount > 0 && !all;
      }}
      onChange={() => meta.onToggleAllLoaded(!all)}
    />
  );
}

function NameCell({ item, meta }: { item: Extract<DisplayItem, { kind: 'run' }>; meta: RunsTableMeta }) {
  const run = item.run;
  const color = colorInView(meta.getLoadedRunIds(), run.runId, meta.colors);
  const name = run.runName || run.runId.slice(0, 8);
  return (
    <span className="rb-name-cell" style={{ paddingLeft: item.depth * 18 }}>
      {item.hasChildren ? (
        <button
          type="button"
          className="rb-expand"
          aria-expanded={item.expanded}
          aria-label={`${item.expanded ? 'Hide' : 'Show'} child runs of ${name}`}
          onClick={() => meta.onToggleExpand(run.runId)}
        >
          {item.expanded ? '▾' : '▸'}
        </button>
      ) : (
        <span className="rb-expand-spacer" aria-hidden="true" />
      )}
      <button
        type="button"
        className="rb-swatch"
        style={{ background: color }}
        title="Change run colour"
        aria-label={`Colour of run ${name}`}
        onClick={(event) => meta.onPickColor(run.runId, color, event.currentTarget)}
      />
      <AppLink className="rb-run-link" to={paths.run(run.experimentId, run.runId)} navigate={meta.navigate} title={name}>
        {name}
      </AppLink>
      {item.depth > 0 && <span className="visually-hidden">(child run)</span>}
      {item.depth === 0 && run.parentRunId && run.parentRunId !== run.runId && <ParentNote run={run} meta={meta} />}
    </span>
  );
}

/** A child run whose parent is not in the list (the filter matched only the child) says whose child it is. */
function ParentNote({ run, meta }: { run: Run; meta: RunsTableMeta }) {
  const parentRunId = run.parentRunId ?? '';
  const parent = useRun(parentRunId);
  const label = parent.data?.name ?? parentRunId.slice(0, 8);
  return (
    <span className="rb-parent-note" data-testid="parent-note">
      child of{' '}
      <AppLink className="rb-parent-link" to={paths.run(run.experimentId, parentRunId)} navigate={meta.navigate} title={`Parent run ${label}`}>
        {label}
      </AppLink>
    </span>
  );
}

function NoteCell({ item }: { item: Extract<DisplayItem, { kind: 'note' }> }) {
  const text =
    item.note === 'loading'
      ? 'Loading child runs…'
      : item.note === 'empty'
        ? 'No child runs match the current filter'
        : item.note === 'truncated'
          ? 'Showing the first 1000 child runs'
          : `Could not load child runs: ${item.message ?? ''}`;
  return (
    <span className={`rb-note${item.note === 'error' ? ' error-text' : ''}`} style={{ paddingLeft: item.depth * 18 + 26 }}>
      {text}
    </span>
  );
}

function fixedCell(id: FixedColumnId, run: Run, meta: RunsTableMeta): ReactNode {
  switch (id) {
    case 'status':
      return <StatusCell run={run} />;
    case 'created':
      return <CreatedCell run={run} now={meta.now} />;
    case 'duration':
      return <DurationCell run={run} now={meta.now} />;
    case 'user':
      return <TextCell value={run.user} />;
    case 'source':
      return <SourceCell run={run} />;
    case 'commit':
      return <CommitCell run={run} />;
    case 'datasets':
      return <DatasetsCell run={run} />;
    case 'models':
      return <LoggedModelsCell run={run} navigate={meta.navigate} />;
    case 'registered':
      return (
        <RegisteredModelsCell versions={meta.modelVersions.get(run.runId)} loading={meta.modelVersionsLoading} navigate={meta.navigate} />
      );
    case 'name':
      return null;
  }
}

function fixedValue(id: FixedColumnId, run: Run): string | number | undefined {
  switch (id) {
    case 'status':
      return run.status;
    case 'created':
      return run.startTime;
    case 'user':
      return run.user;
    case 'source':
      return readKey(run.tags, 'mlflow.source.name');
    case 'commit':
      return readKey(run.tags, 'mlflow.source.git.commit');
    default:
      return undefined;
  }
}

function dataColumn(id: string): ColumnDef<DisplayItem> {
  const parsed = parseColumnId(id);
  const title = columnTitle(id);
  if (!parsed) return { id, header: id, cell: () => null };
  if (parsed.kind === 'fixed') {
    const fixed = FIXED_COLUMNS.find((column) => column.id === parsed.id);
    return {
      id,
      header: title,
      size: fixed?.width ?? 130,
      enableSorting: isSortableColumn(id),
      accessorFn: (item) => {
        const run = runOf(item);
        return run ? fixedValue(parsed.id, run) : undefined;
      },
      cell: (context) => {
        const run = runOf(context.row.original);
        return run ? fixedCell(parsed.id, run, metaOf(context)) : null;
      },
    };
  }
  const { kind, key } = parsed;
  return {
    id,
    header: () => (
      <span title={`${kind}.${key}`} className={kind === 'metrics' ? 'rb-th-metric' : undefined}>
        {key}
      </span>
    ),
    size: 130,
    enableSorting: true,
    accessorFn: (item) => {
      const run = runOf(item);
      return run ? readKey<string | number>(run[kind], key) : undefined;
    },
    cell: (context) => {
      const run = runOf(context.row.original);
      if (!run) return null;
      const meta = metaOf(context);
      if (kind === 'metrics') {
        const range = meta.metricRanges.get(key)?.get(run.runId);
        return (
          <MetricCell
            run={run}
            metricKey={key}
            aggregate={meta.metricAggregate}
            range={range ?? (meta.metricRangesLoading ? null : undefined)}
          />
        );
      }
      return <TextCell value={readKey(run[kind], key)} />;
    },
  };
}

export function RunsTable({
  items,
  columns,
  layout,
  onLayoutChange,
  sizing,
  onSizingChange,
  sort,
  onSortChange,
  groupCounts,
  meta,
  height,
  onVisibleRangeChange,
  onEndReached,
  footer,
  empty,
  searchKey,
}: RunsTableProps) {
  const collapsed = useMemo(() => new Set(layout.collapsed), [layout.collapsed]);

  const toggleGroup = useCallback(
    (group: ColumnGroupId) => {
      const next = collapsed.has(group) ? layout.collapsed.filter((item) => item !== group) : [...layout.collapsed, group];
      onLayoutChange({ ...layout, collapsed: next });
    },
    [collapsed, layout, onLayoutChange],
  );

  const columnDefs = useMemo<ColumnDef<DisplayItem>[]>(() => {
    const structural: ColumnDef<DisplayItem>[] = [
      {
        id: 'select',
        size: 36,
        enableResizing: false,
        enableSorting: false,
        enableHiding: false,
        header: (context) => <SelectAllHeader meta={metaOf(context)} />,
        cell: (context) => {
          const run = runOf(context.row.original);
          if (!run) return null;
          const current = metaOf(context);
          const checked = current.allMatchingSelected || current.selected.has(run.runId);
          return (
            <input
              type="checkbox"
              className="rb-checkbox"
              aria-label={`Select run ${run.runName || run.runId}`}
              checked={checked}
              onChange={(event) => current.onToggleSelect(run.runId, (event.nativeEvent as MouseEvent).shiftKey === true)}
            />
          );
        },
      },
      {
        id: 'controls',
        size: 58,
        enableResizing: false,
        enableSorting: false,
        enableHiding: false,
        header: () => <span className="visually-hidden">Pin and visibility</span>,
        cell: (context) => {
          const run = runOf(context.row.original);
          if (!run) return null;
          const current = metaOf(context);
          const isPinned = current.pinned.has(run.runId);
          const isHidden = current.hidden.has(run.runId);
          const name = run.runName || run.runId;
          return (
            <span className="rb-controls">
              <button
                type="button"
                className={`rb-icon-toggle rb-icon-pin${isPinned ? ' is-on' : ''}`}
                aria-pressed={isPinned}
                aria-label={`Pin run ${name}`}
                title={isPinned ? 'Unpin' : 'Pin to the top'}
                onClick={() => current.onTogglePinned(run.runId)}
              />
              <button
                type="button"
                className={`rb-icon-toggle rb-icon-eye${isHidden ? ' is-on' : ''}`}
                aria-pressed={isHidden}
                aria-label={`Hide run ${name}`}
                title={isHidden ? 'Show in charts' : 'Hide from charts'}
                onClick={() => current.onToggleHidden(run.runId)}
              />
            </span>
          );
        },
      },
      {
        id: 'name',
        size: 240,
        enableHiding: false,
        enableSorting: true,
        header: 'Run name',
        accessorFn: (item) => runOf(item)?.runName,
        cell: (context) => {
          const item = context.row.original;
          if (item.kind === 'note') return <NoteCell item={item} />;
          return <NameCell item={item} meta={metaOf(context)} />;
        },
      },
    ];
    const groups: ColumnDef<DisplayItem>[] = [];
    for (const group of COLUMN_GROUPS) {
      const members = columns.filter((id) => columnGroupOf(id) === group);
      if (members.length === 0 && !(collapsed.has(group) && groupCounts[group] > 0)) continue;
      const isCollapsed = collapsed.has(group);
      const label = GROUP_LABELS[group];
      const count = group === 'attributes' ? members.length : groupCounts[group];
      const children: ColumnDef<DisplayItem>[] = isCollapsed
        ? [
            {
              id: `collapsed:${group}`,
              size: 110,
              enableResizing: false,
              enableSorting: false,
              enableHiding: false,
              header: () => (
                <button type="button" className="rb-link-button" onClick={() => toggleGroup(group)}>
                  {members.length} hidden
                </button>
              ),
              cell: () => null,
            },
          ]
        : members.map(dataColumn);
      groups.push({
        id: `group:${group}`,
        header: (context) => {
          // Min / Max replace the latest values: the header says so, not only the toolbar.
          const aggregate = group === 'metrics' ? metaOf(context).metricAggregate : 'last';
          return (
            <button
              type="button"
              className="rb-group-toggle"
              aria-expanded={!isCollapsed}
              onClick={() => toggleGroup(group)}
              title={isCollapsed ? `Show ${label.toLowerCase()} columns` : `Collapse ${label.toLowerCase()} columns`}
            >
              <span aria-hidden="true">{isCollapsed ? '▸' : '▾'}</span> {label}
              {group !== 'attributes' && <span className="rb-group-count">{count}</span>}
              {aggregate !== 'last' && (
                <span className="rb-group-aggregate" data-testid="metrics-aggregate">
                  {aggregate === 'min' ? 'min over history' : 'max over history'}
                </span>
              )}
            </button>
          );
        },
        columns: children,
      });
    }
    return [...structural, ...groups];
  }, [columns, collapsed, groupCounts, toggleGroup]);

  const sorting = useMemo<SortingState>(() => (sort ? [{ id: sort.columnId, desc: sort.descending }] : []), [sort]);
  const pinnedVisible = useMemo(
    () => layout.pinned.filter((id) => columns.includes(id) && !collapsed.has(columnGroupOf(id) ?? 'attributes')),
    [layout.pinned, columns, collapsed],
  );
  const columnPinning = useMemo<ColumnPinningState>(
    () => ({ left: [...STRUCTURAL_COLUMNS, ...pinnedVisible], right: [] }),
    [pinnedVisible],
  );

  const onSortingChange = useCallback(
    (updater: Updater<SortingState>) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const first = next[0];
      onSortChange(first ? { columnId: first.id, descending: first.desc } : null);
    },
    [onSortChange, sorting],
  );

  const getRowId = useCallback((item: DisplayItem) => item.key, []);

  const table = useReactTable<DisplayItem>({
    data: items as DisplayItem[],
    columns: columnDefs,
    getCoreRowModel: getCoreRowModel(),
    getRowId,
    state: { sorting, columnPinning, columnSizing: sizing },
    onSortingChange,
    onColumnSizingChange: onSizingChange,
    manualSorting: true,
    enableMultiSort: false,
    sortDescFirst: true,
    enableSortingRemoval: true,
    columnResizeMode: 'onChange',
    defaultColumn: { minSize: 50, maxSize: 1200, size: 130 },
    meta,
  });

  const materialized = useMemo(() => [...columns], [columns]);
  const onColumnDrop = useCallback(
    (source: string, target: string) => {
      if (!materialized.includes(source) || !materialized.includes(target)) return;
      onLayoutChange({ ...layout, columns: moveColumn(materialized, source, target) });
    },
    [layout, materialized, onLayoutChange],
  );

  const renderHeaderExtras = useCallback(
    (header: Header<DisplayItem, unknown>) => {
      const id = header.column.id;
      if (!materialized.includes(id)) return null;
      const group = columnGroupOf(id);
      const index = materialized.indexOf(id);
      const isPinned = layout.pinned.includes(id);
      return (
        <ColumnMenu
          label={columnTitle(id)}
          pinned={isPinned}
          canMoveLeft={index > 0 && columnGroupOf(materialized[index - 1] ?? '') === group}
          canMoveRight={index < materialized.length - 1 && columnGroupOf(materialized[index + 1] ?? '') === group}
          onTogglePin={() =>
            onLayoutChange({ ...layout, pinned: isPinned ? layout.pinned.filter((item) => item !== id) : [...layout.pinned, id] })
          }
          onMove={(direction) => onLayoutChange({ ...layout, columns: shiftColumn(materialized, id, direction) })}
          onHide={() =>
            onLayoutChange({
              ...layout,
              columns: materialized.filter((item) => item !== id),
              pinned: layout.pinned.filter((item) => item !== id),
            })
          }
        />
      );
    },
    [layout, materialized, onLayoutChange],
  );

  const getRowAttributes = useCallback(
    (item: DisplayItem): DataTableRowAttributes => {
      if (item.kind === 'note') return { className: 'rb-note-row', 'data-testid': 'run-note-row', 'aria-level': item.depth + 1 };
      const run = item.run;
      const selected = meta.allMatchingSelected || meta.selected.has(run.runId);
      const classes = [
        meta.hidden.has(run.runId) ? 'is-hidden' : '',
        run.lifecycleStage === 'deleted' ? 'is-deleted' : '',
        item.pinned ? 'is-pinned' : '',
        item.depth > 0 ? 'is-child' : '',
      ]
        .filter(Boolean)
        .join(' ');
      return {
        className: classes,
        'aria-selected': selected,
        'aria-level': item.depth + 1,
        'aria-expanded': item.hasChildren ? item.expanded : undefined,
        'data-testid': 'run-row',
        'data-row-id': run.runId,
      };
    },
    [meta.allMatchingSelected, meta.selected, meta.hidden],
  );

  // Keys on a focused row (the table moves focus between rows itself): Space selects (Shift for
  // a range), Enter opens the run, → / ← show / hide child runs.
  const onRowKeyDown = useCallback(
    (item: DisplayItem, event: KeyboardEvent<HTMLElement>): boolean => {
      if (item.kind !== 'run') return false;
      const run = item.run;
      switch (event.key) {
        case ' ':
          meta.onToggleSelect(run.runId, event.shiftKey);
          return true;
        case 'Enter':
          meta.navigate(paths.run(run.experimentId, run.runId));
          return true;
        case 'ArrowRight':
        case 'ArrowLeft':
          if (!item.hasChildren || item.expanded === (event.key === 'ArrowRight')) return false;
          meta.onToggleExpand(run.runId);
          return true;
        default:
          return false;
      }
    },
    [meta],
  );

  return (
    <DataTable
      table={table}
      data={items}
      label="Runs"
      height={height}
      getRowId={getRowId}
      getRowAttributes={getRowAttributes}
      onVisibleRangeChange={onVisibleRangeChange}
      onEndReached={onEndReached}
      onColumnDrop={onColumnDrop}
      renderHeaderExtras={renderHeaderExtras}
      footer={footer}
      empty={empty}
      ariaRowCount={-1}
      multiselectable
      onRowKeyDown={onRowKeyDown}
      scrollResetKey={searchKey}
    />
  );
}
