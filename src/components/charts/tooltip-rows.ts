// The rows of a chart tooltip, written straight into the DOM: the tooltip changes on every
// pointer move and may list hundreds of runs, so it reuses its <li> elements and only touches
// text that changed, instead of re-rendering through React.
import type { HoverRow } from './hover-rows';

/** Row height in CSS pixels (line-chart-canvas.css sets the same), for scrolling without layout reads. */
export const TOOLTIP_ROW_HEIGHT = 18;

interface RowElements {
  item: HTMLLIElement;
  swatch: HTMLSpanElement;
  name: HTMLSpanElement;
  value: HTMLSpanElement;
}

const pools = new WeakMap<HTMLOListElement, RowElements[]>();

function makeRow(): RowElements {
  const item = document.createElement('li');
  const swatch = document.createElement('span');
  swatch.className = 'swatch';
  const name = document.createElement('span');
  name.className = 'name';
  const value = document.createElement('span');
  value.className = 'value';
  item.append(swatch, name, value);
  return { item, swatch, name, value };
}

function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/**
 * Shows `rows` in `list` (one <li> each, in order), marks the highlighted one and scrolls the
 * list so that it is in view (unless `keepScroll`, when the user scrolls a pinned tooltip).
 */
export function renderTooltipRows(
  list: HTMLOListElement,
  rows: readonly HoverRow[],
  highlighted: string | null,
  formatValue: (value: number) => string,
  keepScroll = false,
): void {
  let pool = pools.get(list);
  if (!pool) {
    pool = [];
    pools.set(list, pool);
  }
  while (pool.length < rows.length) pool.push(makeRow());
  while (list.childElementCount > rows.length) list.lastElementChild?.remove();
  for (let i = list.childElementCount; i < rows.length; i += 1) list.append((pool[i] as RowElements).item);
  let highlightedIndex = -1;
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i] as HoverRow;
    const elements = pool[i] as RowElements;
    const isHighlighted = row.id === highlighted;
    if (isHighlighted) highlightedIndex = i;
    const className = isHighlighted ? 'is-highlighted' : '';
    if (elements.item.className !== className) elements.item.className = className;
    if (elements.item.dataset.runId !== row.id) elements.item.dataset.runId = row.id;
    // style.background reads back normalized (rgb()), so the colour set last is kept aside.
    if (elements.swatch.dataset.color !== row.color) {
      elements.swatch.dataset.color = row.color;
      elements.swatch.style.background = row.color;
    }
    setText(elements.name, row.label);
    setText(elements.value, formatValue(row.value));
  }
  if (keepScroll || highlightedIndex < 0) return;
  const top = highlightedIndex * TOOLTIP_ROW_HEIGHT;
  const visible = list.clientHeight;
  if (top < list.scrollTop) list.scrollTop = top;
  else if (top + TOOLTIP_ROW_HEIGHT > list.scrollTop + visible) list.scrollTop = top + TOOLTIP_ROW_HEIGHT - visible;
}
