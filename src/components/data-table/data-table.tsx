// A virtualized table on TanStack Table + TanStack Virtual: rows and columns are both
// virtualized (only what is on screen plus a margin is in the DOM), left-pinned columns stay in
// a sticky block, headers are sticky, columns can be resized (drag the edge), reordered (drag
// the header) and sorted (click the title; the caller decides what sorting means).
//
// Rows are built lazily: the table's own row model is never computed, so a data array of
// 100,000 items costs nothing until items scroll into view. Scrolling re-renders only the rows
// that come into view: the column geometry and the header are memoised on the table's column
// state, and rows are memoised on their item.
import { createCell, createRow, flexRender, type Cell, type Column, type Header, type HeaderGroup, type Row, type Table } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import './data-table.css';

export interface VisibleRange {
  start: number;
  end: number;
}

export interface DataTableRowAttributes {
  className?: string;
  'aria-selected'?: boolean;
  'data-testid'?: string;
  'data-row-id'?: string;
}

export interface DataTableProps<TData> {
  table: Table<TData>;
  /** Items in display order; the same array as the table's `data` option. */
  data: readonly TData[];
  label: string;
  rowHeight?: number;
  /** Height of the scroll area (CSS length). */
  height: number | string;
  getRowId: (item: TData, index: number) => string;
  /** Must be stable (useCallback) for rows to skip re-rendering while scrolling. */
  getRowAttributes?: (item: TData) => DataTableRowAttributes;
  /** Rows rendered above and below the viewport. */
  overscan?: number;
  /** Called with the rendered row range whenever it changes. */
  onVisibleRangeChange?: (range: VisibleRange) => void;
  /** Called when the rendered range gets within `endReachedThreshold` rows of the end. */
  onEndReached?: () => void;
  endReachedThreshold?: number;
  /** Content below the last row (e.g. "loading more"). */
  footer?: ReactNode;
  /** Shown instead of rows when `data` is empty. */
  empty?: ReactNode;
  /** Header drag and drop; the caller decides whether the move is allowed. */
  onColumnDrop?: (sourceColumnId: string, targetColumnId: string) => void;
  /** Extra controls at the end of a leaf header (menus). */
  renderHeaderExtras?: (header: Header<TData, unknown>) => ReactNode;
  /** Scrolls back to the top whenever this value changes (a new search, a new sort). */
  scrollResetKey?: string;
  /** Total row count for assistive tech, -1 when unknown. */
  ariaRowCount?: number;
  className?: string;
}

const HEADER_ROW_HEIGHT = 32;

interface Geometry<TData> {
  leftColumns: Column<TData, unknown>[];
  centerColumns: Column<TData, unknown>[];
  leftWidth: number;
  centerWidth: number;
  sizes: ReadonlyMap<string, number>;
  /** Start of each centre column within the centre block. */
  centerStarts: ReadonlyMap<string, number>;
  leftHeaderGroups: HeaderGroup<TData>[];
  centerHeaderGroups: HeaderGroup<TData>[];
  /** Start of each centre header (any depth) within the centre block. */
  headerStarts: ReadonlyMap<string, number>;
  headerRows: number;
}

/** Column positions and header groups, recomputed only when the column state changes. */
function useGeometry<TData>(table: Table<TData>): Geometry<TData> {
  const state = table.getState();
  return useMemo(
    () => {
      const leftColumns = table.getLeftVisibleLeafColumns();
      const centerColumns = table.getCenterVisibleLeafColumns();
      const sizes = new Map<string, number>();
      for (const column of [...leftColumns, ...centerColumns]) sizes.set(column.id, column.getSize());
      const centerStarts = new Map<string, number>();
      let position = 0;
      for (const column of centerColumns) {
        centerStarts.set(column.id, position);
        position += sizes.get(column.id) ?? 0;
      }
      let leftWidth = 0;
      for (const column of leftColumns) leftWidth += sizes.get(column.id) ?? 0;
      const leftHeaderGroups = table.getLeftHeaderGroups();
      const centerHeaderGroups = table.getCenterHeaderGroups();
      const headerStarts = new Map<string, number>();
      for (const group of centerHeaderGroups) {
        let start = 0;
        for (const header of group.headers) {
          headerStarts.set(header.id, start);
          start += header.getSize();
        }
      }
      return {
        leftColumns,
        centerColumns,
        leftWidth,
        centerWidth: position,
        sizes,
        centerStarts,
        leftHeaderGroups,
        centerHeaderGroups,
        headerStarts,
        headerRows: Math.max(leftHeaderGroups.length, centerHeaderGroups.length),
      };
    },
    // The column state slices keep their identity until they change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [table, table.options.columns, state.columnSizing, state.columnPinning, state.columnVisibility, state.columnOrder],
  );
}

interface LazyRow<TData> {
  row: Row<TData>;
  /** The cell of one column, created on first use (only columns on screen ever get one). */
  cell: (column: Column<TData, unknown>) => Cell<TData, unknown>;
}

/** Rows kept for reuse: a few screens' worth, so memory does not grow with rows scrolled past. */
const ROW_CACHE_SIZE = 300;

/**
 * TanStack rows and cells are created lazily for the items on screen and kept in a small
 * least-recently-used cache: a Row with all its cells weighs tens of kilobytes, and keeping one
 * for every row ever scrolled past would grow the heap by hundreds of megabytes on big lists.
 */
function useLazyRows<TData>(table: Table<TData>, getRowId: (item: TData, index: number) => string) {
  const cache = useRef(new Map<TData, LazyRow<TData>>());
  return useCallback(
    (item: TData, index: number): LazyRow<TData> => {
      const rows = cache.current;
      let entry = rows.get(item);
      if (entry) {
        rows.delete(item);
        rows.set(item, entry);
        return entry;
      }
      const row = createRow(table, getRowId(item, index), item, index, 0);
      const cells = new Map<Column<TData, unknown>, Cell<TData, unknown>>();
      entry = {
        row,
        cell: (column) => {
          let cell = cells.get(column);
          if (!cell) {
            cell = createCell(table, row, column, column.id);
            cells.set(column, cell);
          }
          return cell;
        },
      };
      rows.set(item, entry);
      if (rows.size > ROW_CACHE_SIZE) {
        const oldest = rows.keys().next();
        if (!oldest.done) rows.delete(oldest.value);
      }
      return entry;
    },
    [table, getRowId],
  );
}

export function DataTable<TData>({
  table,
  data,
  label,
  rowHeight = 34,
  height,
  getRowId,
  getRowAttributes,
  overscan = 8,
  onVisibleRangeChange,
  onEndReached,
  endReachedThreshold = 60,
  footer,
  empty,
  onColumnDrop,
  renderHeaderExtras,
  ariaRowCount,
  className,
  scrollResetKey,
}: DataTableProps<TData>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const lastResetKey = useRef(scrollResetKey);
  useLayoutEffect(() => {
    if (lastResetKey.current === scrollResetKey) return;
    lastResetKey.current = scrollResetKey;
    scrollRef.current?.scrollTo({ top: 0 });
  }, [scrollResetKey]);
  const lazyRow = useLazyRows(table, getRowId);
  const geometry = useGeometry(table);
  const { leftColumns, centerColumns, leftWidth, centerWidth, sizes, headerRows } = geometry;
  const totalWidth = leftWidth + centerWidth;

  const rowVirtualizer = useVirtualizer({
    count: data.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
    useFlushSync: false,
  });

  const columnVirtualizer = useVirtualizer({
    horizontal: true,
    count: centerColumns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => sizes.get(centerColumns[index]?.id ?? '') ?? 150,
    scrollMargin: leftWidth,
    overscan: 3,
    useFlushSync: false,
  });
  useLayoutEffect(() => {
    columnVirtualizer.measure();
  }, [columnVirtualizer, geometry]);

  const virtualRows = rowVirtualizer.getVirtualItems();
  const virtualColumns = columnVirtualizer.getVirtualItems();
  const firstRow = virtualRows[0]?.index ?? 0;
  const lastRow = virtualRows[virtualRows.length - 1]?.index ?? -1;
  const firstColumn = virtualColumns[0]?.index ?? 0;
  const lastColumn = virtualColumns[virtualColumns.length - 1]?.index ?? -1;

  useEffect(() => {
    onVisibleRangeChange?.({ start: firstRow, end: lastRow });
  }, [firstRow, lastRow, onVisibleRangeChange]);

  useEffect(() => {
    if (onEndReached && data.length > 0 && lastRow >= data.length - 1 - endReachedThreshold) onEndReached();
  }, [lastRow, data.length, endReachedThreshold, onEndReached]);

  const visibleCenter = useMemo(() => {
    const columns = centerColumns.slice(firstColumn, lastColumn + 1);
    const first = columns[0];
    const last = columns[columns.length - 1];
    const from = first ? (geometry.centerStarts.get(first.id) ?? 0) : 0;
    const to = last ? (geometry.centerStarts.get(last.id) ?? 0) + (sizes.get(last.id) ?? 0) : 0;
    return { columns, from, to };
  }, [centerColumns, firstColumn, lastColumn, geometry, sizes]);

  return (
    <div
      ref={scrollRef}
      className={`dt-scroll${className ? ` ${className}` : ''}`}
      style={{ height }}
      role="table"
      aria-label={label}
      aria-rowcount={ariaRowCount ?? data.length + headerRows}
      aria-colcount={leftColumns.length + centerColumns.length}
      tabIndex={0}
    >
      <DataTableHeader
        table={table}
        geometry={geometry}
        from={visibleCenter.from}
        to={visibleCenter.to}
        onColumnDrop={onColumnDrop}
        renderHeaderExtras={renderHeaderExtras}
        sorting={table.getState().sorting}
        resizing={table.getState().columnSizingInfo.isResizingColumn}
        meta={table.options.meta}
        dataLength={data.length}
      />
      <div role="rowgroup" className="dt-body" style={{ height: rowVirtualizer.getTotalSize(), width: totalWidth }}>
        {virtualRows.map((virtualRow) => {
          const item = data[virtualRow.index];
          if (item === undefined) return null;
          const entry = lazyRow(item, virtualRow.index);
          return (
            <DataTableRow
              key={entry.row.id}
              entry={entry}
              item={item}
              top={virtualRow.start}
              height={rowHeight}
              rowIndex={virtualRow.index + headerRows + 1}
              geometry={geometry}
              centerColumns={visibleCenter.columns}
              getRowAttributes={getRowAttributes}
              meta={table.options.meta}
            />
          );
        })}
      </div>
      {data.length === 0 && empty !== undefined && (
        <div className="dt-empty" style={{ width: `min(100%, ${Math.max(totalWidth, 320)}px)` }}>
          {empty}
        </div>
      )}
      {footer !== undefined && footer !== null && (
        <div className="dt-footer" style={{ width: `min(100%, ${Math.max(totalWidth, 320)}px)` }}>
          {footer}
        </div>
      )}
    </div>
  );
}

function sortState(column: Column<unknown, unknown>): 'ascending' | 'descending' | 'none' {
  const sorted = column.getIsSorted();
  if (sorted === 'asc') return 'ascending';
  if (sorted === 'desc') return 'descending';
  return 'none';
}

interface DataTableHeaderProps<TData> {
  table: Table<TData>;
  geometry: Geometry<TData>;
  /** Visible part of the centre block. */
  from: number;
  to: number;
  onColumnDrop: ((source: string, target: string) => void) | undefined;
  renderHeaderExtras: ((header: Header<TData, unknown>) => ReactNode) | undefined;
  // The props below only make the memoised header re-render when they change.
  sorting: unknown;
  resizing: unknown;
  meta: unknown;
  dataLength: number;
}

function DataTableHeaderImpl<TData>({ geometry, from, to, onColumnDrop, renderHeaderExtras }: DataTableHeaderProps<TData>) {
  const { leftHeaderGroups, centerHeaderGroups, headerStarts, headerRows, leftWidth, centerWidth } = geometry;
  const totalWidth = leftWidth + centerWidth;
  const [dragSource, setDragSource] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  // A press on a resize handle must not start dragging the header it sits in.
  const resizing = useRef(false);

  const renderHeader = (header: Header<TData, unknown>, section: 'left' | 'center'): ReactNode => {
    const column = header.column;
    const isLeaf = header.subHeaders.length === 0;
    const width = header.getSize();
    const style: CSSProperties =
      section === 'center' ? { position: 'absolute', left: headerStarts.get(header.id) ?? 0, width, height: '100%' } : { width, flex: `0 0 ${width}px` };
    if (header.isPlaceholder || !isLeaf) {
      return (
        <div key={header.id} role="columnheader" aria-colspan={header.colSpan} className={`dt-th dt-th-group${header.isPlaceholder ? ' is-placeholder' : ''}`} style={style}>
          {header.isPlaceholder ? null : flexRender(column.columnDef.header, header.getContext())}
        </div>
      );
    }
    const canSort = column.getCanSort();
    const sorted = column.getIsSorted();
    const title = flexRender(column.columnDef.header, header.getContext());
    const draggable = onColumnDrop !== undefined && column.columnDef.enableHiding !== false;
    return (
      <div
        key={header.id}
        role="columnheader"
        aria-sort={canSort ? sortState(column as Column<unknown, unknown>) : undefined}
        data-column-id={column.id}
        className={`dt-th${dropTarget === column.id && dragSource !== column.id ? ' is-drop-target' : ''}${column.getIsResizing() ? ' is-resizing' : ''}`}
        style={style}
        draggable={draggable}
        onDragStart={
          draggable
            ? (event) => {
                if (resizing.current) {
                  event.preventDefault();
                  return;
                }
                event.dataTransfer.effectAllowed = 'move';
                event.dataTransfer.setData('text/plain', column.id);
                setDragSource(column.id);
              }
            : undefined
        }
        onDragOver={
          draggable
            ? (event) => {
                if (!dragSource) return;
                event.preventDefault();
                event.dataTransfer.dropEffect = 'move';
                if (dropTarget !== column.id) setDropTarget(column.id);
              }
            : undefined
        }
        onDrop={
          draggable
            ? (event) => {
                event.preventDefault();
                const source = event.dataTransfer.getData('text/plain') || dragSource;
                setDragSource(null);
                setDropTarget(null);
                if (source && source !== column.id) onColumnDrop(source, column.id);
              }
            : undefined
        }
        onDragEnd={() => {
          setDragSource(null);
          setDropTarget(null);
        }}
      >
        {canSort ? (
          <button type="button" className="dt-sort" onClick={column.getToggleSortingHandler()}>
            <span className="dt-th-title">{title}</span>
            <span className={`dt-sort-icon${sorted ? ' is-active' : ''}`} aria-hidden="true">
              {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
            </span>
          </button>
        ) : (
          <span className="dt-th-title">{title}</span>
        )}
        {renderHeaderExtras?.(header)}
        {column.getCanResize() && (
          <div
            className="dt-resizer"
            aria-hidden="true"
            onMouseDown={(event) => {
              resizing.current = true;
              document.addEventListener('mouseup', () => (resizing.current = false), { once: true });
              header.getResizeHandler()(event);
            }}
            onTouchStart={header.getResizeHandler()}
            onDoubleClick={() => column.resetSize()}
            onClick={(event) => event.stopPropagation()}
          />
        )}
      </div>
    );
  };

  return (
    <div role="rowgroup" className="dt-head" style={{ width: totalWidth, height: headerRows * HEADER_ROW_HEIGHT }}>
      {Array.from({ length: headerRows }, (_, depth) => {
        const left = leftHeaderGroups[depth]?.headers ?? [];
        const center = (centerHeaderGroups[depth]?.headers ?? []).filter((header) => {
          const start = headerStarts.get(header.id) ?? 0;
          return start + header.getSize() >= from && start <= to;
        });
        return (
          <div role="row" key={depth} className={`dt-tr dt-head-row${depth === headerRows - 1 ? ' is-leaf' : ''}`} style={{ width: totalWidth, height: HEADER_ROW_HEIGHT }} aria-rowindex={depth + 1}>
            <div role="presentation" className="dt-pinned" style={{ width: leftWidth }}>
              {left.map((header) => renderHeader(header, 'left'))}
            </div>
            <div role="presentation" className="dt-center" style={{ width: centerWidth }}>
              {center.map((header) => renderHeader(header, 'center'))}
            </div>
          </div>
        );
      })}
    </div>
  );
}

const DataTableHeader = memo(DataTableHeaderImpl) as typeof DataTableHeaderImpl;

interface DataTableRowProps<TData> {
  entry: LazyRow<TData>;
  item: TData;
  top: number;
  height: number;
  rowIndex: number;
  geometry: Geometry<TData>;
  /** The centre columns on screen. */
  centerColumns: Column<TData, unknown>[];
  getRowAttributes: ((item: TData) => DataTableRowAttributes) | undefined;
  /** The table's meta: cells read it, so a new meta object re-renders the rows. */
  meta: unknown;
}

function DataTableRowImpl<TData>({ entry, item, top, height, rowIndex, geometry, centerColumns, getRowAttributes }: DataTableRowProps<TData>) {
  const { className, ...rest } = getRowAttributes?.(item) ?? {};
  const { leftColumns, leftWidth, centerWidth, sizes, centerStarts } = geometry;
  return (
    <div role="row" aria-rowindex={rowIndex} className={`dt-tr dt-row${className ? ` ${className}` : ''}`} style={{ transform: `translateY(${top}px)`, height, width: leftWidth + centerWidth }} {...rest}>
      <div role="presentation" className="dt-pinned" style={{ width: leftWidth }}>
        {leftColumns.map((column) => {
          const cell = entry.cell(column);
          const width = sizes.get(column.id) ?? 0;
          return (
            <div key={column.id} role="cell" className="dt-td" data-column-id={column.id} style={{ width, flex: `0 0 ${width}px` }}>
              {flexRender(column.columnDef.cell, cell.getContext())}
            </div>
          );
        })}
      </div>
      <div role="presentation" className="dt-center" style={{ width: centerWidth }}>
        {centerColumns.map((column) => {
          const cell = entry.cell(column);
          return (
            <div key={column.id} role="cell" className="dt-td dt-td-abs" data-column-id={column.id} style={{ left: centerStarts.get(column.id) ?? 0, width: sizes.get(column.id) ?? 0 }}>
              {flexRender(column.columnDef.cell, cell.getContext())}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/**
 * Rows re-render only when their item, position, column geometry, visible columns, meta or
 * attribute function change, so scrolling renders just the rows that come into view.
 */
const DataTableRow = memo(DataTableRowImpl) as typeof DataTableRowImpl;
