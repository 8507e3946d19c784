// The run page's parameters and metrics: like the shared KeyValueTable (search box, count, same
// look), but only the rows in the scroll area are in the DOM. A run with 500 metrics otherwise
// mounts 500 rows with a link, a sparkline (a query and an IntersectionObserver each) and a clock
// subscription in one commit: a 300+ ms task before the page can be used.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import {
  KeyValueCells,
  KeyValueTableHead,
  KeyValueTableToolbar,
  keyValueTableEmptyText,
  useKeyValueSearch,
  type KeyValueTableProps,
} from '../../../components/key-value-table';
import '../../../components/key-value-table/key-value-table.css';

/** The shared table's props, less the Add button and row cap (every row is reachable by scrolling). */
export type VirtualKeyValueTableProps<T> = Omit<KeyValueTableProps<T>, 'actions' | 'maxRows'> & {
  /** Estimated row height; rows that wrap are measured. */
  rowHeight?: number;
};

export function VirtualKeyValueTable<T>({
  label,
  items,
  getKey,
  getSearchText,
  columns,
  emptyText = 'Nothing here.',
  primarySearch = false,
  rowHeight = 33,
}: VirtualKeyValueTableProps<T>) {
  const { query, setQuery, filtered } = useKeyValueSearch(items, getSearchText);
  const empty = keyValueTableEmptyText(label, items.length, filtered.length, query, emptyText);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: filtered.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    getItemKey: (index) => {
      const item = filtered[index];
      return item === undefined ? index : getKey(item);
    },
    overscan: 8,
    // Rows on the first paint, before the scroll area is measured (its max-height is 480 px).
    initialRect: { width: 800, height: 480 },
  });
  const virtualRows = virtualizer.getVirtualItems();
  const paddingTop = virtualRows[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (virtualRows[virtualRows.length - 1]?.end ?? 0);

  return (
    <div className="kv-table">
      <KeyValueTableToolbar
        label={label}
        query={query}
        onQueryChange={setQuery}
        matched={filtered.length}
        total={items.length}
        primarySearch={primarySearch}
      />
      {empty !== null ? (
        <p className="kv-table-empty muted">{empty}</p>
      ) : (
        <div className="kv-table-scroll" ref={scrollRef}>
          {/* Fixed layout: column widths must not change as rows scroll in and out. */}
          <table className="table kv-table-fixed" aria-label={label} aria-rowcount={filtered.length + 1}>
            <thead>
              <KeyValueTableHead columns={columns} />
            </thead>
            <tbody>
              {paddingTop > 0 && <SpacerRow height={paddingTop} columns={columns.length} />}
              {virtualRows.map((virtualRow) => {
                const item = filtered[virtualRow.index];
                if (item === undefined) return null;
                return (
                  <tr
                    key={virtualRow.key}
                    ref={virtualizer.measureElement}
                    data-index={virtualRow.index}
                    aria-rowindex={virtualRow.index + 2}
                  >
                    <KeyValueCells columns={columns} item={item} />
                  </tr>
                );
              })}
              {paddingBottom > 0 && <SpacerRow height={paddingBottom} columns={columns.length} />}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function SpacerRow({ height, columns }: { height: number; columns: number }) {
  return (
    <tr aria-hidden="true" className="kv-spacer">
      <td colSpan={columns} style={{ height, padding: 0, border: 0 }} />
    </tr>
  );
}
