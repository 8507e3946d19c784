// The Traces tab's table on the shared virtualized DataTable: only the rows on screen are in the
// DOM, and pages of 100 traces are asked for as the user scrolls near the end. Sorting is the
// server's (MLflow's order_by): the caller maps the sorted column to a trace order.
import { getCoreRowModel, useReactTable, type ColumnDef, type SortingState, type Updater } from '@tanstack/react-table';
import { useCallback, useMemo, type KeyboardEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { DataTable, type DataTableRowAttributes } from '../../../components/data-table/data-table';
import { RelativeTime } from '../../../components/relative-time/relative-time';
import { paths } from '../../../config/paths';
import { userTraceTags, type TraceInfo, type TraceOrder } from '../../../entities/traces';
import { formatSpanDuration } from '../utils/format-span-time';
import { TraceStatusBadge } from './trace-status-badge';

export interface TracesTableMeta {
  /** Run names by id, for the run column (ids show while names load). */
  runNames: ReadonlyMap<string, string>;
}

const SORT_COLUMNS: Readonly<Record<string, 'time' | 'latency'>> = { timestamp: 'time', latency: 'latency' };

function Preview({ text }: { text: string }) {
  if (!text) return <span className="muted">—</span>;
  return (
    <span className="trace-preview mono" title={text.length > 2000 ? `${text.slice(0, 2000)}…` : text}>
      {text}
    </span>
  );
}

function buildColumns(runNames: ReadonlyMap<string, string>): ColumnDef<TraceInfo>[] {
  return [
    {
      id: 'trace',
      header: 'Trace',
      size: 200,
      enableSorting: false,
      cell: ({ row }) => (
        <Link className="trace-name-link" to={paths.trace(row.original.experimentId, row.original.traceId)} title={row.original.traceId}>
          {row.original.name ?? row.original.traceId}
        </Link>
      ),
    },
    {
      id: 'request',
      header: 'Request',
      size: 230,
      enableSorting: false,
      cell: ({ row }) => <Preview text={row.original.requestPreview} />,
    },
    {
      id: 'response',
      header: 'Response',
      size: 230,
      enableSorting: false,
      cell: ({ row }) => <Preview text={row.original.responsePreview} />,
    },
    {
      id: 'status',
      header: 'Status',
      size: 100,
      enableSorting: false,
      cell: ({ row }) => <TraceStatusBadge status={row.original.status} />,
    },
    {
      id: 'latency',
      header: 'Latency',
      // An accessor makes the column sortable; the order itself is the server's.
      accessorFn: (trace) => trace.executionTime,
      size: 100,
      cell: ({ row }) => (
        <span className="mono trace-num">
          {row.original.status === 'IN_PROGRESS' ? '…' : formatSpanDuration(row.original.executionTime)}
        </span>
      ),
    },
    {
      id: 'timestamp',
      header: 'Time',
      size: 130,
      accessorFn: (trace) => trace.timestamp,
      cell: ({ row }) => <RelativeTime ms={row.original.timestamp} />,
    },
    {
      id: 'tokens',
      header: 'Tokens',
      size: 80,
      enableSorting: false,
      cell: ({ row }) =>
        row.original.totalTokens === undefined ? (
          <span className="muted">—</span>
        ) : (
          <span className="mono trace-num">{row.original.totalTokens.toLocaleString('en-US')}</span>
        ),
    },
    {
      id: 'run',
      header: 'Run',
      size: 140,
      enableSorting: false,
      cell: ({ row }) => {
        const runId = row.original.runId;
        if (!runId) return <span className="muted">—</span>;
        return (
          <Link to={paths.run(row.original.experimentId, runId)} title={runId}>
            {runNames.get(runId) ?? runId.slice(0, 8)}
          </Link>
        );
      },
    },
    {
      id: 'tags',
      header: 'Tags',
      size: 180,
      enableSorting: false,
      cell: ({ row }) => {
        const tags = userTraceTags(row.original);
        if (tags.length === 0) return <span className="muted">—</span>;
        return (
          <span className="trace-tags" title={tags.map((tag) => `${tag.key}: ${tag.value}`).join('\n')}>
            {tags.map((tag) => (
              <span key={tag.key} className="badge trace-tag">
                {tag.key}: {tag.value}
              </span>
            ))}
          </span>
        );
      },
    },
  ];
}

export interface TracesTableProps {
  traces: readonly TraceInfo[];
  order: TraceOrder;
  onOrderChange: (order: TraceOrder) => void;
  onEndReached: () => void;
  onOpen: (trace: TraceInfo) => void;
  runNames: ReadonlyMap<string, string>;
  footer?: ReactNode;
  empty?: ReactNode;
  searchKey: string;
}

export function TracesTable({ traces, order, onOrderChange, onEndReached, onOpen, runNames, footer, empty, searchKey }: TracesTableProps) {
  const columns = useMemo(() => buildColumns(runNames), [runNames]);
  const [field, direction] = order.split('-') as ['time' | 'latency', 'asc' | 'desc'];
  const sorting = useMemo<SortingState>(
    () => [{ id: field === 'time' ? 'timestamp' : 'latency', desc: direction === 'desc' }],
    [field, direction],
  );
  const onSortingChange = useCallback(
    (updater: Updater<SortingState>) => {
      const next = (typeof updater === 'function' ? updater(sorting) : updater)[0];
      const column = next ? SORT_COLUMNS[next.id] : undefined;
      if (next && column) onOrderChange(`${column}-${next.desc ? 'desc' : 'asc'}`);
    },
    [sorting, onOrderChange],
  );
  const getRowId = useCallback((trace: TraceInfo) => trace.traceId, []);
  const table = useReactTable<TraceInfo>({
    data: traces as TraceInfo[],
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId,
    state: { sorting },
    onSortingChange,
    manualSorting: true,
    enableMultiSort: false,
    sortDescFirst: true,
    enableSortingRemoval: false,
    columnResizeMode: 'onChange',
    defaultColumn: { minSize: 60, maxSize: 1200, size: 140 },
  });
  const getRowAttributes = useCallback(
    (trace: TraceInfo): DataTableRowAttributes => ({
      className: trace.status === 'ERROR' ? 'trace-row is-error' : 'trace-row',
      'data-testid': 'trace-row',
      'data-row-id': trace.traceId,
    }),
    [],
  );
  const onRowKeyDown = useCallback(
    (trace: TraceInfo, event: KeyboardEvent<HTMLElement>) => {
      if (event.key !== 'Enter') return false;
      onOpen(trace);
      return true;
    },
    [onOpen],
  );
  return (
    <DataTable
      table={table}
      data={traces}
      label="Traces"
      height="max(360px, calc(100vh - 250px))"
      getRowId={getRowId}
      getRowAttributes={getRowAttributes}
      onEndReached={onEndReached}
      endReachedThreshold={30}
      footer={footer}
      empty={empty}
      ariaRowCount={-1}
      onRowKeyDown={onRowKeyDown}
      scrollResetKey={searchKey}
    />
  );
}
