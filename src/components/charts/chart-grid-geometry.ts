// The chart grid's geometry as plain numbers, so the bucket requests of a chart view can start
// before the cards exist (the route loader predicts each card's plot width from the viewport).
// Mirrors charts.css (.charts-grid: 20 px page padding each side, minmax(440px, 1fr) columns,
// 10 px gaps; a card's canvas is 14 px narrower than the card) and the canvas margins. A wrong
// guess costs only a second request: the card asks for what it measures.

const PAGE_PADDING = 40;
const MIN_COLUMN = 440;
const GAP = 10;
const CARD_INSET = 14;
/** MARGIN.left + MARGIN.right of line-chart-canvas.tsx. */
const PLOT_MARGINS = 70;

/** The plot width a line chart card will measure in a chart grid laid out in `viewportWidth`. */
export function predictedPlotWidth(viewportWidth: number): number {
  const grid = Math.max(0, viewportWidth - PAGE_PADDING);
  const columns = Math.max(1, Math.floor((grid + GAP) / (MIN_COLUMN + GAP)));
  const card = (grid - GAP * (columns - 1)) / columns;
  return Math.max(0, Math.floor(card - CARD_INSET - PLOT_MARGINS));
}

/** Bucket count for a plot width: ~1 per pixel column, rounded so small resizes do not refetch. */
export function bucketsForWidth(width: number): number {
  if (width <= 0) return 0;
  return Math.min(5000, Math.max(50, Math.ceil(width / 50) * 50));
}
