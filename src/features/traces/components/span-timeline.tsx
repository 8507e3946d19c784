// The span tree and its waterfall in one virtualized list: each row is a span, indented under
// its parent (collapsible), with a bar on the trace's time axis. Only rows on screen are in the
// DOM, so a 5,000-span trace scrolls like a short one. Keyboard: ↑/↓ move, → expands (or goes to
// the first child), ← collapses (or goes to the parent), Home/End.
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { spanDuration } from '../../../entities/traces';
import { formatSpanDuration } from '../utils/format-span-time';
import type { SpanRow, SpanTree } from '../utils/span-tree';
import { niceTicks } from '../utils/time-ticks';

const ROW_HEIGHT = 28;
const INDENT = 14;
/** Deeper levels stop indenting (the depth shows as a number), so deep chains keep their names readable. */
const MAX_INDENT_DEPTH = 24;

export interface SpanTimelineProps {
  tree: SpanTree;
  rows: readonly SpanRow[];
  durationMs: number;
  selectedId: string | undefined;
  onSelect: (spanId: string) => void;
  onToggle: (spanId: string, expand?: boolean) => void;
  /** Bumped to scroll the selected row into view (a jump to an error, a link). */
  revealKey: number;
}

interface SpanTimelineRowProps {
  row: SpanRow;
  index: number;
  top: number;
  selected: boolean;
  onErrorPath: boolean;
  durationMs: number;
  onSelect: (spanId: string) => void;
  onToggle: (spanId: string) => void;
  setSize: number;
}

const SpanTimelineRow = memo(function SpanTimelineRow({
  row,
  index,
  top,
  selected,
  onErrorPath,
  durationMs,
  onSelect,
  onToggle,
  setSize,
}: SpanTimelineRowProps) {
  const { span, depth, hasChildren, expanded } = row;
  const duration = spanDuration(span);
  const total = durationMs > 0 ? durationMs : 1;
  const left = Math.min(100, (span.startMs / total) * 100);
  const width = Math.max(0.2, Math.min(100 - left, ((duration ?? total - span.startMs) / total) * 100));
  const indent = Math.min(depth, MAX_INDENT_DEPTH) * INDENT;
  const classes = [
    'span-row',
    selected ? 'is-selected' : '',
    span.hasError ? 'is-error' : '',
    !expanded && onErrorPath && !span.hasError ? 'has-hidden-error' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      role="treeitem"
      aria-level={depth + 1}
      aria-expanded={hasChildren ? expanded : undefined}
      aria-selected={selected}
      aria-setsize={setSize}
      aria-posinset={index + 1}
      aria-label={`${span.name}, ${span.spanType}, ${formatSpanDuration(duration)}${span.hasError ? ', error' : ''}`}
      tabIndex={selected ? 0 : -1}
      data-row-index={index}
      data-span-id={span.spanId}
      data-testid="span-row"
      className={classes}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={() => onSelect(span.spanId)}
    >
      <div className="span-row-label" style={{ paddingLeft: 6 + indent }}>
        {hasChildren ? (
          <span
            className="span-toggle"
            aria-hidden="true"
            onClick={(event) => {
              event.stopPropagation();
              onToggle(span.spanId);
            }}
          >
            {expanded ? '▾' : '▸'}
          </span>
        ) : (
          <span className="span-toggle is-leaf" aria-hidden="true" />
        )}
        {depth > MAX_INDENT_DEPTH && <span className="span-depth muted">{depth}</span>}
        <span className="span-type" data-type={span.spanType}>
          {span.spanType}
        </span>
        <span className="span-name">{span.name}</span>
        {span.hasError && (
          <span className="span-error-mark" aria-hidden="true" title="Error">
            ⚠
          </span>
        )}
      </div>
      <div className="span-row-track">
        <div className="span-bar" data-type={span.spanType} style={{ left: `${left}%`, width: `${width}%` }} />
        <span
          className="span-bar-label mono"
          style={left > 70 ? { right: `${100 - left}%`, paddingRight: 4 } : { left: `calc(${left + width}% + 4px)` }}
        >
          {formatSpanDuration(duration)}
        </span>
      </div>
    </div>
  );
});

export function SpanTimeline({ tree, rows, durationMs, selectedId, onSelect, onToggle, revealKey }: SpanTimelineProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const selectedIndex = useMemo(() => rows.findIndex((row) => row.span.spanId === selectedId), [rows, selectedId]);
  // The selected row stays rendered while scrolled away, so keyboard focus is never lost.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      return selectedIndex >= 0 && !indexes.includes(selectedIndex) ? [...indexes, selectedIndex].sort((a, b) => a - b) : indexes;
    },
    [selectedIndex],
  );
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // A few rows past each edge: every extra row is style, layout and text work on each scroll step.
    overscan: 4,
    rangeExtractor,
    useFlushSync: false,
  });

  useLayoutEffect(() => {
    if (revealKey > 0 && selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'center' });
    // Only a new reveal request scrolls; selecting by click must not jump.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [revealKey]);

  const focusPending = useRef(false);
  useEffect(() => {
    if (!focusPending.current) return;
    const element = scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${selectedIndex}"]`);
    if (!element) return;
    focusPending.current = false;
    element.focus({ preventScroll: true });
  });

  const moveTo = (index: number) => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (!row) return;
    focusPending.current = true;
    virtualizer.scrollToIndex(rows.indexOf(row), { align: 'auto' });
    onSelect(row.span.spanId);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = rows[selectedIndex];
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / ROW_HEIGHT) - 1);
    switch (event.key) {
      case 'ArrowDown':
        moveTo(selectedIndex + 1);
        break;
      case 'ArrowUp':
        moveTo(selectedIndex - 1);
        break;
      case 'PageDown':
        moveTo(selectedIndex + page);
        break;
      case 'PageUp':
        moveTo(selectedIndex - page);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(rows.length - 1);
        break;
      case 'ArrowRight':
        if (!current?.hasChildren) return;
        if (current.expanded) moveTo(selectedIndex + 1);
        else onToggle(current.span.spanId, true);
        break;
      case 'ArrowLeft': {
        if (!current) return;
        if (current.hasChildren && current.expanded) onToggle(current.span.spanId, false);
        else {
          const parent = current.span.parentId;
          const parentIndex = parent === undefined ? -1 : rows.findIndex((row) => row.span.spanId === parent);
          if (parentIndex >= 0) moveTo(parentIndex);
        }
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  };

  const toggle = useCallback((spanId: string) => onToggle(spanId), [onToggle]);
  const ticks = useMemo(() => niceTicks(durationMs, 5), [durationMs]);
  const total = durationMs > 0 ? durationMs : 1;

  return (
    <div className="span-timeline">
      <div className="span-axis" aria-hidden="true">
        <div className="span-axis-label">Span</div>
        <div className="span-axis-track">
          {ticks.map((tick) => (
            <span key={tick} className="span-axis-tick mono" style={{ left: `${(tick / total) * 100}%` }}>
              {formatSpanDuration(tick)}
            </span>
          ))}
        </div>
      </div>
      <div ref={scrollRef} className="span-scroll" data-testid="span-scroll">
        <div role="tree" aria-label="Spans" className="span-tree" style={{ height: virtualizer.getTotalSize() }} onKeyDown={onKeyDown}>
          {/* Inside the full-height list, so the lines run down every row, not only the first screen. */}
          <div className="span-grid-lines" aria-hidden="true">
            {ticks.map((tick) => (
              <span key={tick} style={{ left: `${(tick / total) * 100}%` }} />
            ))}
          </div>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <SpanTimelineRow
                key={row.span.spanId}
                row={row}
                index={item.index}
                top={item.start}
                selected={row.span.spanId === selectedId}
                onErrorPath={tree.errorPaths.has(row.span.spanId)}
                durationMs={durationMs}
                onSelect={onSelect}
                onToggle={toggle}
                setSize={rows.length}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
