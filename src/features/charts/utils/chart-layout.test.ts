import { describe, expect, it } from 'vitest';
import {
  chartId,
  chartMatcher,
  decodeLayout,
  defaultLayout,
  encodeLayout,
  groupSections,
  moveChart,
  parseChartId,
  sectionOf,
  type ChartSpec,
} from './chart-layout';

const specs: ChartSpec[] = [
  { kind: 'line', key: 'train/loss' },
  { kind: 'line', key: 'val/loss' },
  { kind: 'line', key: 'train/acc' },
  { kind: 'bar', key: 'val/acc', agg: 'max' },
  { kind: 'scatter', x: 'param:lr', y: 'metric:val/loss' },
  { kind: 'line', key: 'lr' },
];

describe('chart layout', () => {
  it('round-trips through the URL encoding and drops unknown entries', () => {
    expect(decodeLayout(encodeLayout(specs))).toEqual(specs);
    expect(decodeLayout('l|a,x|y,b|k|avg,l|a')).toEqual([{ kind: 'line', key: 'a' }]);
    expect(decodeLayout(null)).toBeUndefined();
    expect(parseChartId(chartId(specs[4] as ChartSpec))).toEqual(specs[4]);
  });

  it('defaults to one sorted line chart per key', () => {
    expect(defaultLayout(['b', 'a', 'b'])).toEqual([
      { kind: 'line', key: 'a' },
      { kind: 'line', key: 'b' },
    ]);
  });

  it('groups charts in sections by key prefix, in first-appearance order', () => {
    expect(sectionOf({ kind: 'line', key: 'lr' })).toBe('');
    expect(groupSections(specs).map(({ section, specs: list }) => `${section}:${list.length}`)).toEqual(['train:2', 'val:3', ':1']);
  });

  it('matches by regex, else by plain text', () => {
    expect(specs.filter(chartMatcher('^val/')).length).toBe(3);
    expect(specs.filter(chartMatcher('ACC')).length).toBe(2);
    // An invalid regex is plain text: '(' appears in the bar chart's title 'val/acc (max)'.
    expect(specs.filter(chartMatcher('(')).length).toBe(1);
    expect(specs.filter(chartMatcher('')).length).toBe(6);
  });

  it('moves a chart within its own section', () => {
    const moved = moveChart(specs, 'l|train/loss', 1);
    expect(moved.map(chartId).slice(0, 3)).toEqual(['l|train/acc', 'l|val/loss', 'l|train/loss']);
    expect(moveChart(specs, 'l|train/loss', -1)).toEqual(specs);
  });
});
