// A virtualized table on TanStack Table + TanStack Virtual: rows and columns are both
// virtualized (only what is on screen plus a margin is in the DOM), left-pinned columns stay in
// a sticky block, headers are sticky, columns can be resized (drag the edge), reordered (drag
// the header) and sorted (click the title; the caller decides what sorting means).
//
// Rows are built lazily: the table's own row model is never computed, so a data array of
// 100,000 items costs nothing until items scroll into view.
import { createRow, flexRender, type Column, type Header, type Row, type Table } from '@tanstack/react-table';
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

/** Cache of lazily created TanStack rows, per item object. */
function useLazyRows<TData>(table: Table<TData>, getRowId: (item: TData, index: number) => string) {
  const cache = useRef(new WeakMap<object, Row<TData>>());
  return useCallback(
    (item: TData, index: number): Row<TData> => {
      const key = item as unknown as object;
      let row = cache.current.get(key);
      if (!row || row.index !== index) {
        row = createRow(table, getRowId(item, index), item, index, 0);
        cache.current.set(key, row);
      }
      return row;
    },
    [table, getRowId],
  );
}

function sortState(column: Column<unknown, unknown>): 'ascending' | 'descending' | 'none' {
  const sorted = column.getIsSorted();
  if (sorted === 'asc') return 'ascending';
  if (sorted === 'desc') return 'descending';
  return 'none';
}

export function DataTable<TData>({
  table,
  data,
  label,
  rowHeight = 34,
  height,
  getRowId,
  getRowAttributes,
  overscan = 12,
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

  const leftColumns = table.getLeftVisibleLeafColumns();
  const centerColumns = table.getCenterVisibleLeafColumns();
  const leftWidth = table.getLeftTotalSize();
  const centerWidth = table.getCenterTotalSize();
  const totalWidth = leftWidth + centerWidth;
  const leftHeaderGroups = table.getLeftHeaderGroups();
  const centerHeaderGroups = table.getCenterHeaderGroups();
  const headerHeight = Math.max(leftHeaderGroups.length, centerHeaderGroups.length) * HEADER_ROW_HEIGHT;

  const rowVirtualizer = useVirtualizer({
    count: data.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
    scrollMargin: 0,
    paddingStart: 0,
    useFlushSync: false,
  });

  const columnSizes = centerColumns.map((column) => column.getSize()).join(',');
  const columnVirtualizer = useVirtualizer({
    horizontal: true,
    count: centerColumns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => centerColumns[index]?.getSize() ?? 150,
    scrollMargin: leftWidth,
    overscan: 3,
    useFlushSync: false,
  });
  useLayoutEffect(() => {
    columnVirtualizer.measure();
  }, [columnVirtualizer, columnSizes, leftWidth]);

  const virtualRows = rowVirtualizer.getVirtualItems();
  const virtualColumns = columnVirtualizer.getVirtualItems();
  const firstRow = virtualRows[0]?.index ?? 0;
  const lastRow = virtualRows[virtualRows.length - 1]?.index ?? -1;

  useEffect(() => {
    onVisibleRangeChange?.({ start: firstRow, end: lastRow });
  }, [firstRow, lastRow, onVisibleRangeChange]);

  useEffect(() => {
    if (onEndReached && data.length > 0 && lastRow >= data.length - 1 - endReachedThreshold) onEndReached();
  }, [lastRow, data.length, endReachedThreshold, onEndReached]);

  const visibleCenter = useMemo(() => {
    const columns = virtualColumns.map((item) => centerColumns[item.index]).filter((column): column is Column<TData, unknown> => column !== undefined);
    const first = columns[0];
    const last = columns[columns.length - 1];
    const from = first ? first.getStart('center') : 0;
    const to = last ? last.getStart('center') + last.getSize() : 0;
    return { columns, from, to };
    // columnSizes covers the sizes the starts depend on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [virtualColumns, centerColumns, columnSizes]);

  const [dragSource, setDragSource] = useState<string | null>(null);
  // A press on a resize handle must not start dragging the header it sits in.
  const resizing = useRef(false);
  const [dropTarget, setDropTarget] = useState<string | null>(null);

  const renderHeader = (header: Header<TData, unknown>, section: 'left' | 'center', isLeaf: boolean): ReactNode => {
    const column = header.column;
    const width = header.getSize();
    const style: CSSProperties = section === 'center' ? { position: 'absolute', left: header.getStart(), width, height: '100%' } : { width, flex: `0 0 ${width}px` };
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

  const headerRows = Math.max(leftHeaderGroups.length, centerHeaderGroups.length);
  const header = (
    <div role="rowgroup" className="dt-head" style={{ width: totalWidth, height: headerHeight }}>
      {Array.from({ length: headerRows }, (_, depth) => {
        const isLeafRow = depth === headerRows - 1;
        const left = leftHeaderGroups[depth]?.headers ?? [];
        const center = (centerHeaderGroups[depth]?.headers ?? []).filter((item) => {
          const start = item.getStart();
          return start + item.getSize() >= visibleCenter.from && start <= visibleCenter.to;
        });
        return (
          <div role="row" key={depth} className={`dt-tr dt-head-row${isLeafRow ? ' is-leaf' : ''}`} style={{ width: totalWidth, height: HEADER_ROW_HEIGHT }} aria-rowindex={depth + 1}>
            <div role="presentation" className="dt-pinned" style={{ width: leftWidth }}>
              {left.map((item) => renderHeader(item, 'left', item.subHeaders.length === 0))}
            </div>
            <div role="presentation" className="dt-center" style={{ width: centerWidth }}>
              {center.map((item) => renderHeader(item, 'center', item.subHeaders.length === 0))}
            </div>
          </div>
        );
      })}
    </div>
  );

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
      {header}
      <div role="rowgroup" className="dt-body" style={{ height: rowVirtualizer.getTotalSize(), width: totalWidth }}>
        {virtualRows.map((virtualRow) => {
          const item = data[virtualRow.index];
          if (item === undefined) return null;
          const row = lazyRow(item, virtualRow.index);
          return (
            <DataTableRow
              key={row.id}
              row={row}
              item={item}
              top={virtualRow.start}
              height={rowHeight}
              rowIndex={virtualRow.index + headerRows + 1}
              totalWidth={totalWidth}
              leftWidth={leftWidth}
              centerWidth={centerWidth}
              leftColumns={leftColumns}
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

interface DataTableRowProps<TData> {
  row: Row<TData>;
  item: TData;
  top: number;
  height: number;
  rowIndex: number;
  totalWidth: number;
  leftWidth: number;
  centerWidth: number;
  leftColumns: Column<TData, unknown>[];
  centerColumns: Column<TData, unknown>[];
  getRowAttributes: ((item: TData) => DataTableRowAttributes) | undefined;
  /** The table's meta: cells read it, so a new meta object re-renders the rows. */
  meta: unknown;
}

function DataTableRowImpl<TData>({ row, item, top, height, rowIndex, totalWidth, leftWidth, centerWidth, leftColumns, centerColumns, getRowAttributes }: DataTableRowProps<TData>) {
  const cells = row._getAllCellsByColumnId();
  const { className, ...rest } = getRowAttributes?.(item) ?? {};
  return (
    <div
      role="row"
      aria-rowindex={rowIndex}
      className={`dt-tr dt-row${className ? ` ${className}` : ''}`}
      style={{ transform: `translateY(${top}px)`, height, width: totalWidth }}
      {...rest}
    >
      <div role="presentation" className="dt-pinned" style={{ width: leftWidth }}>
        {leftColumns.map((column) => {
          const cell = cells[column.id];
          if (!cell) return null;
          const width = column.getSize();
          return (
            <div key={column.id} role="cell" className="dt-td" data-column-id={column.id} style={{ width, flex: `0 0 ${width}px` }}>
              {flexRender(column.columnDef.cell, cell.getContext())}
            </div>
          );
        })}
      </div>
      <div role="presentation" className="dt-center" style={{ width: centerWidth }}>
        {centerColumns.map((column) => {
          const cell = cells[column.id];
          if (!cell) return null;
          return (
            <div key={column.id} role="cell" className="dt-td" data-column-id={column.id} style={{ position: 'absolute', left: column.getStart('center'), width: column.getSize(), height: '100%' }}>
              {flexRender(column.columnDef.cell, cell.getContext())}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/**
 * Rows re-render only when their item, position, columns, meta or attribute function change,
 * so scrolling renders just the rows that come into view.
 */
const DataTableRow = memo(DataTableRowImpl) as typeof DataTableRowImpl;
