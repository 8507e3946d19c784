// A virtualized table on TanStack Table + TanStack Virtual: rows and columns are both
// virtualized (only what is on screen plus a margin is in the DOM), left-pinned columns stay in
// a sticky block, headers are sticky, columns can be resized (drag the edge), reordered (drag
// the header) and sorted (click the title; the caller decides what sorting means).
//
// Accessibility: the table is an ARIA treegrid (rows may nest) with row focus: one row is in
// the tab order, ↑/↓/Home/End/PageUp/PageDown move focus between rows (scrolling as needed), and
// other keys on a focused row go to the caller (select, open, expand). Rows and columns not on
// screen are not in the DOM, so every row and cell carries aria-rowindex / aria-colindex.
//
// Rows are built lazily: the table's own row model is never computed, so a data array of
// 100,000 items costs nothing until items scroll into view. Scrolling re-renders only the rows
// that come into view: the column geometry and the header are memoised on the table's column
// state, and rows are memoised on their item.
import { createCell, createRow, type Cell, type Column, type Header, type HeaderGroup, type Row, type Table } from '@tanstack/react-table';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type FocusEvent,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import './data-table.css';

export interface VisibleRange {
  start: number;
  end: number;
}

export interface DataTableRowAttributes {
  className?: string;
  'aria-selected'?: boolean;
  /** Nesting depth, from 1. */
  'aria-level'?: number;
  /** Set on rows that have child rows. */
  'aria-expanded'?: boolean;
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
  /** Rows can be selected (rows then carry aria-selected). */
  multiselectable?: boolean;
  /**
   * A key pressed on a focused row (not on a control inside it) that is not a move between
   * rows. Return true when handled (the default action is then prevented).
   */
  onRowKeyDown?: (item: TData, event: KeyboardEvent<HTMLElement>) => boolean;
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
  /** aria-colindex of each leaf column (pinned columns first, as in the DOM). */
  colIndexes: ReadonlyMap<string, number>;
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
      const colIndexes = new Map<string, number>();
      for (const column of [...leftColumns, ...centerColumns]) {
        sizes.set(column.id, column.getSize());
        colIndexes.set(column.id, colIndexes.size + 1);
      }
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
        colIndexes,
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
  multiselectable,
  onRowKeyDown,
  className,
  scrollResetKey,
}: DataTableProps<TData>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The row in the tab order (roving tabindex); it stays rendered while scrolled out of view so
  // that keyboard focus is not lost when virtualization would unmount it.
  const [activeIndex, setActiveIndex] = useState(0);
  const lastResetKey = useRef(scrollResetKey);
  const awaitingReset = useRef(false);
  useLayoutEffect(() => {
    if (lastResetKey.current === scrollResetKey) return;
    lastResetKey.current = scrollResetKey;
    awaitingReset.current = (scrollRef.current?.scrollTop ?? 0) > 0;
    scrollRef.current?.scrollTo({ top: 0 });
    setActiveIndex(0);
  }, [scrollResetKey]);
  const lazyRow = useLazyRows(table, getRowId);
  const geometry = useGeometry(table);
  const { leftColumns, centerColumns, leftWidth, centerWidth, sizes, headerRows } = geometry;
  const totalWidth = leftWidth + centerWidth;

  const tabbableIndex = Math.min(activeIndex, data.length - 1);
  // The row index a key moved focus to, until that row is rendered and focused.
  const pendingFocus = useRef<number | null>(null);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (tabbableIndex >= 0 && !indexes.includes(tabbableIndex)) return [...indexes, tabbableIndex].sort((a, b) => a - b);
      return indexes;
    },
    [tabbableIndex],
  );

  const rowVirtualizer = useVirtualizer({
    count: data.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
    rangeExtractor,
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
  // The rendered window without the kept-alive focused row.
  const range = rowVirtualizer.range;
  const firstRow = range ? Math.max(0, range.startIndex - overscan) : 0;
  const lastRow = range ? Math.min(data.length - 1, range.endIndex + overscan) : -1;
  const firstColumn = virtualColumns[0]?.index ?? 0;
  const lastColumn = virtualColumns[virtualColumns.length - 1]?.index ?? -1;

  useEffect(() => {
    onVisibleRangeChange?.({ start: firstRow, end: lastRow });
  }, [firstRow, lastRow, onVisibleRangeChange]);

  // The virtualizer sees a scroll reset one scroll event later: a new first page arriving before
  // that would look scrolled to its end and fetch the next page at once. Wait for it.
  const scrollOffset = rowVirtualizer.scrollOffset ?? 0;
  useEffect(() => {
    if (awaitingReset.current) {
      if (scrollOffset > 0) return;
      awaitingReset.current = false;
    }
    if (onEndReached && data.length > 0 && lastRow >= data.length - 1 - endReachedThreshold) onEndReached();
  }, [lastRow, scrollOffset, data.length, endReachedThreshold, onEndReached]);

  // Focus the row a key moved to once it is rendered. A commit of an earlier render (the old
  // tabbable row) can land first: only the row that was asked for clears the request.
  useEffect(() => {
    const index = pendingFocus.current;
    if (index === null || index !== tabbableIndex) return;
    const element = scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${index}"]`);
    if (!element) return;
    pendingFocus.current = null;
    focusRow(element, scrollRef.current);
  });

  const headerHeight = headerRows * HEADER_ROW_HEIGHT;
  const moveFocus = useCallback(
    (index: number) => {
      const scroller = scrollRef.current;
      if (!scroller) return;
      // Scroll just enough to show the whole row below the sticky header.
      const top = index * rowHeight;
      const visibleHeight = scroller.clientHeight - headerHeight;
      if (top < scroller.scrollTop) scroller.scrollTop = top;
      else if (top + rowHeight > scroller.scrollTop + visibleHeight) scroller.scrollTop = top + rowHeight - visibleHeight;
      pendingFocus.current = index;
      setActiveIndex(index);
      const element = scroller.querySelector<HTMLElement>(`[data-row-index="${index}"]`);
      if (element) {
        pendingFocus.current = null;
        focusRow(element, scroller);
      }
    },
    [rowHeight, headerHeight],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.altKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    const rowElement = target.closest<HTMLElement>('[data-row-index]');
    if (!rowElement || target.matches('input:not([type=checkbox]), textarea, select, [contenteditable=true]')) return;
    const index = Number(rowElement.dataset.rowIndex);
    const page = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 0) - headerHeight) / rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: data.length - 1,
    };
    const next = moves[event.key];
    if (next !== undefined) {
      event.preventDefault();
      moveFocus(Math.max(0, Math.min(data.length - 1, next)));
      return;
    }
    const item = data[index];
    if (target === rowElement && item !== undefined && onRowKeyDown?.(item, event)) event.preventDefault();
  };

  // A click or Tab into any control of a row makes that row the tabbable one.
  const onFocus = (event: FocusEvent<HTMLElement>) => {
    const rowElement = event.target.closest<HTMLElement>('[data-row-index]');
    if (!rowElement) return;
    const index = Number(rowElement.dataset.rowIndex);
    if (pendingFocus.current !== index) pendingFocus.current = null;
    setActiveIndex(index);
  };

  const visibleCenter = useMemo(() => {
    const columns = centerColumns.slice(firstColumn, lastColumn + 1);
    const first = columns[0];
    const last = columns[columns.length - 1];
    const from = first ? (geometry.centerStarts.get(first.id) ?? 0) : 0;
    const to = last ? (geometry.centerStarts.get(last.id) ?? 0) + (sizes.get(last.id) ?? 0) : 0;
    return { columns, from, to };
  }, [centerColumns, firstColumn, lastColumn, geometry, sizes]);

  return (
    <div ref={scrollRef} className={`dt-scroll${className ? ` ${className}` : ''}`} style={{ height }}>
      <div
        role="treegrid"
        className="dt-grid"
        aria-label={label}
        aria-rowcount={ariaRowCount ?? data.length + headerRows}
        aria-colcount={leftColumns.length + centerColumns.length}
        aria-multiselectable={multiselectable}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
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
        {/* An empty rowgroup is not allowed, but the body keeps its place for the layout. */}
        <div
          role={data.length > 0 ? 'rowgroup' : undefined}
          className="dt-body"
          style={{ height: rowVirtualizer.getTotalSize(), width: totalWidth }}
        >
          {virtualRows.map((virtualRow) => {
            const item = data[virtualRow.index];
            if (item === undefined) return null;
            const entry = lazyRow(item, virtualRow.index);
            return (
              <DataTableRow
                key={entry.row.id}
                entry={entry}
                item={item}
                index={virtualRow.index}
                top={virtualRow.start}
                height={rowHeight}
                rowIndex={virtualRow.index + headerRows + 1}
                tabbable={virtualRow.index === tabbableIndex}
                geometry={geometry}
                centerColumns={visibleCenter.columns}
                getRowAttributes={getRowAttributes}
                meta={table.options.meta}
              />
            );
          })}
        </div>
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

/**
 * Renders a header or cell definition by calling it, unlike TanStack's flexRender, which mounts a
 * function as a component: column definitions are rebuilt when the columns change, and a new
 * component type would remount every cell, losing the focus of the checkbox just clicked.
 * Definitions therefore must not call hooks (they render components that do).
 */
function renderSlot<TProps extends object>(slot: ReactNode | ((props: TProps) => unknown) | undefined, props: TProps): ReactNode {
  return (typeof slot === 'function' ? slot(props) : slot) as ReactNode;
}

/**
 * Focuses a row the scroll area already shows. The scroll area itself may stick out of the window
 * (it has a minimum height), so bring it into the window too; the browser's own focus scrolling
 * would also move the table sideways, since rows are wider than the scroll area.
 */
function focusRow(row: HTMLElement, scroller: HTMLElement | null): void {
  row.focus({ preventScroll: true });
  const rect = row.getBoundingClientRect();
  if (rect.top < 0 || rect.bottom > window.innerHeight) scroller?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
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
  const { leftHeaderGroups, centerHeaderGroups, headerStarts, headerRows, leftWidth, centerWidth, colIndexes } = geometry;
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
      section === 'center'
        ? { position: 'absolute', left: headerStarts.get(header.id) ?? 0, width, height: '100%' }
        : { width, flex: `0 0 ${width}px` };
    if (header.isPlaceholder || !isLeaf) {
      const firstLeaf = header.getLeafHeaders().find((leaf) => leaf.subHeaders.length === 0)?.column.id ?? column.id;
      return (
        <div
          key={header.id}
          role="columnheader"
          aria-colindex={colIndexes.get(firstLeaf)}
          aria-colspan={header.colSpan}
          className={`dt-th dt-th-group${header.isPlaceholder ? ' is-placeholder' : ''}`}
          style={style}
        >
          {header.isPlaceholder ? null : renderSlot(column.columnDef.header, header.getContext())}
        </div>
      );
    }
    const canSort = column.getCanSort();
    const sorted = column.getIsSorted();
    const title = renderSlot(column.columnDef.header, header.getContext());
    const draggable = onColumnDrop !== undefined && column.columnDef.enableHiding !== false;
    return (
      <div
        key={header.id}
        role="columnheader"
        aria-colindex={colIndexes.get(column.id)}
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
          <div
            role="row"
            key={depth}
            className={`dt-tr dt-head-row${depth === headerRows - 1 ? ' is-leaf' : ''}`}
            style={{ width: totalWidth, height: HEADER_ROW_HEIGHT }}
            aria-rowindex={depth + 1}
          >
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
  index: number;
  top: number;
  height: number;
  rowIndex: number;
  /** The row in the tab order. */
  tabbable: boolean;
  geometry: Geometry<TData>;
  /** The centre columns on screen. */
  centerColumns: Column<TData, unknown>[];
  getRowAttributes: ((item: TData) => DataTableRowAttributes) | undefined;
  /** The table's meta: cells read it, so a new meta object re-renders the rows. */
  meta: unknown;
}

function DataTableRowImpl<TData>({
  entry,
  item,
  index,
  top,
  height,
  rowIndex,
  tabbable,
  geometry,
  centerColumns,
  getRowAttributes,
}: DataTableRowProps<TData>) {
  const { className, ...rest } = getRowAttributes?.(item) ?? {};
  const { leftColumns, leftWidth, centerWidth, sizes, centerStarts, colIndexes } = geometry;
  return (
    <div
      role="row"
      aria-rowindex={rowIndex}
      data-row-index={index}
      tabIndex={tabbable ? 0 : -1}
      className={`dt-tr dt-row${className ? ` ${className}` : ''}`}
      style={{ transform: `translateY(${top}px)`, height, width: leftWidth + centerWidth }}
      {...rest}
    >
      <div role="presentation" className="dt-pinned" style={{ width: leftWidth }}>
        {leftColumns.map((column) => {
          const cell = entry.cell(column);
          const width = sizes.get(column.id) ?? 0;
          return (
            <div
              key={column.id}
              role="gridcell"
              aria-colindex={colIndexes.get(column.id)}
              className="dt-td"
              data-column-id={column.id}
              style={{ width, flex: `0 0 ${width}px` }}
            >
              {renderSlot(column.columnDef.cell, cell.getContext())}
            </div>
          );
        })}
      </div>
      <div role="presentation" className="dt-center" style={{ width: centerWidth }}>
        {centerColumns.map((column) => {
          const cell = entry.cell(column);
          return (
            <div
              key={column.id}
              role="gridcell"
              aria-colindex={colIndexes.get(column.id)}
              className="dt-td dt-td-abs"
              data-column-id={column.id}
              style={{ left: centerStarts.get(column.id) ?? 0, width: sizes.get(column.id) ?? 0 }}
            >
              {renderSlot(column.columnDef.cell, cell.getContext())}
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
