// Which charts the view shows, in which order: a list of chart specs, encoded in the URL
// (`charts=`) and remembered per experiment set in localStorage. Line charts are grouped in
// sections by key prefix (`train/loss` → `train`). Metric keys never contain `,` or `|`.

export type ChartSpec =
  { kind: 'line'; key: string } | { kind: 'bar'; key: string; agg: 'last' | 'min' | 'max' } | { kind: 'scatter'; x: string; y: string };

export const CHARTS_URL_PARAM = 'charts';
export const chartLayoutStorageKey = (experimentIds: readonly string[]): string => `runboard:charts-layout:${experimentIds.join(',')}`;

export function chartId(spec: ChartSpec): string {
  if (spec.kind === 'line') return `l|${spec.key}`;
  if (spec.kind === 'bar') return `b|${spec.key}|${spec.agg}`;
  return `s|${spec.x}|${spec.y}`;
}

export function parseChartId(id: string): ChartSpec | undefined {
  const [kind, a = '', b = ''] = id.split('|');
  if (kind === 'l' && a) return { kind: 'line', key: a };
  if (kind === 'b' && a && (b === 'last' || b === 'min' || b === 'max')) return { kind: 'bar', key: a, agg: b };
  if (kind === 's' && /^(param|metric):./.test(a) && /^metric:./.test(b)) return { kind: 'scatter', x: a, y: b };
  return undefined;
}

export function decodeLayout(value: string | null): ChartSpec[] | undefined {
  if (value === null) return undefined;
  const seen = new Set<string>();
  const specs: ChartSpec[] = [];
  for (const id of value.split(',')) {
    const spec = parseChartId(id);
    if (spec && !seen.has(id)) {
      seen.add(id);
      specs.push(spec);
    }
  }
  return specs;
}

export function encodeLayout(specs: readonly ChartSpec[]): string {
  return specs.map(chartId).join(',');
}

export function defaultLayout(metricKeys: readonly string[]): ChartSpec[] {
  return [...new Set(metricKeys)].sort((a, b) => a.localeCompare(b)).map((key) => ({ kind: 'line', key }));
}

export function specKey(spec: ChartSpec): string {
  if (spec.kind === 'scatter') return spec.y.slice('metric:'.length);
  return spec.key;
}

/** Section of a chart: the part of its metric key before the first `/`, or '' (no prefix). */
export function sectionOf(spec: ChartSpec): string {
  const key = specKey(spec);
  const slash = key.indexOf('/');
  return slash > 0 ? key.slice(0, slash) : '';
}

export function chartTitle(spec: ChartSpec): string {
  if (spec.kind === 'line') return spec.key;
  if (spec.kind === 'bar') return `${spec.key} (${spec.agg})`;
  return `${spec.y.replace(/^metric:/, '')} vs ${spec.x.replace(/^(param|metric):/, '$1 ')}`;
}

/** Sections in first-appearance order, each with its charts in layout order. */
export function groupSections(specs: readonly ChartSpec[]): { section: string; specs: ChartSpec[] }[] {
  const sections = new Map<string, ChartSpec[]>();
  for (const spec of specs) {
    const section = sectionOf(spec);
    const list = sections.get(section);
    if (list) list.push(spec);
    else sections.set(section, [spec]);
  }
  return [...sections].map(([section, list]) => ({ section, specs: list }));
}

/**
 * A matcher for the chart search box: a valid regular expression (case-insensitive), else plain
 * text contained in the title.
 */
export function chartMatcher(search: string): (spec: ChartSpec) => boolean {
  const text = search.trim();
  if (!text) return () => true;
  let pattern: RegExp | undefined;
  try {
    pattern = new RegExp(text, 'i');
  } catch {
    pattern = undefined;
  }
  const lower = text.toLowerCase();
  return (spec) => {
    const title = chartTitle(spec);
    return pattern ? pattern.test(title) : title.toLowerCase().includes(lower);
  };
}

/** Moves a chart one place earlier or later among the charts of its own section. */
export function moveChart(specs: readonly ChartSpec[], id: string, direction: -1 | 1): ChartSpec[] {
  const index = specs.findIndex((spec) => chartId(spec) === id);
  const spec = specs[index];
  if (!spec) return specs.slice();
  const section = sectionOf(spec);
  let target = index + direction;
  while (target >= 0 && target < specs.length && sectionOf(specs[target] as ChartSpec) !== section) target += direction;
  if (target < 0 || target >= specs.length) return specs.slice();
  const next = specs.slice();
  next[index] = specs[target] as ChartSpec;
  next[target] = spec;
  return next;
}

export function isChartSpecList(value: unknown): value is string {
  return typeof value === 'string';
}
