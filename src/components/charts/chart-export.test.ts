import { describe, expect, it } from 'vitest';
import { frameSvg, historyToCsv, seriesToSvg } from './chart-export';

describe('historyToCsv', () => {
  it('writes one header with the metric key (step once) and every point of every run', () => {
    const csv = historyToCsv('val/loss', [
      {
        runId: 'r1',
        runName: 'lr=0.1, bs=32',
        points: [
          { step: 0, value: 1 },
          { step: 1, value: 100 },
          { step: 2, value: NaN },
        ],
      },
      { runId: 'r2', runName: 'plain', points: [{ step: 5, value: -Infinity }] },
    ]);
    expect(csv.split('\n')).toEqual([
      'run_id,run_name,step,val/loss',
      'r1,"lr=0.1, bs=32",0,1',
      'r1,"lr=0.1, bs=32",1,100',
      'r1,"lr=0.1, bs=32",2,NaN',
      'r2,plain,5,-Infinity',
      '',
    ]);
  });

  it('quotes a metric key that needs it', () => {
    expect(historyToCsv('a,b', []).split('\n')[0]).toBe('run_id,run_name,step,"a,b"');
  });
});

describe('seriesToSvg', () => {
  const svg = seriesToSvg({
    series: [{ id: 'r1', label: 'run <one>', color: '#0072b2', xs: [0, 1, 2], ys: [1, 100, 1] }],
    legend: [
      { label: 'run <one>', color: '#0072b2' },
      { label: 'run two', color: '#e69f00' },
    ],
    title: 'loss',
    xLabel: 'Step',
    yLabel: 'loss',
    xDomain: [0, 2],
    yDomain: [0, 100],
    yScale: 'linear',
    formatX: String,
    formatY: String,
  });

  /** Text of the elements whose data-role is `role` (the SVG is flat, one element per line of markup). */
  const textOf = (role: string) => new RegExp(`data-role="${role}">([^<]*)<`).exec(svg)?.[1];

  it('carries a title, both axis labels and a legend of run names with their colours', () => {
    expect(textOf('title')).toBe('loss');
    expect(textOf('x-label')).toBe('Step');
    expect(textOf('y-label')).toBe('loss');
    const legend = /<g data-role="legend">(.*?)<\/g>/.exec(svg)?.[1] ?? '';
    expect([...legend.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1])).toEqual(['run &#60;one&#62;', 'run two']);
    expect([...legend.matchAll(/<rect[^>]*fill="([^"]+)"/g)].map((match) => match[1])).toEqual(['#0072b2', '#e69f00']);
  });

  it('draws the spike at the top of the plot', () => {
    const path = /<path d="([^"]+)"/.exec(svg)?.[1] ?? '';
    const ys = [...path.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((match) => Number(match[1]));
    expect(Math.min(...ys)).toBe(34);
  });
});

describe('frameSvg', () => {
  it('nests a drawn chart under a title, with axis labels and a legend', () => {
    const framed = frameSvg({
      chart: '<svg class="recharts-surface" width="300" height="200"><rect width="10" height="20"/></svg>',
      width: 300,
      height: 200,
      title: 'acc (max)',
      xLabel: 'Run',
      yLabel: 'acc (max)',
      legend: [{ label: 'a', color: '#0072b2' }],
    });
    expect(framed.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(framed).toContain('<svg x="24" y="30" class="recharts-surface"');
    expect(/data-role="title">([^<]*)</.exec(framed)?.[1]).toBe('acc (max)');
    expect(/data-role="x-label">([^<]*)</.exec(framed)?.[1]).toBe('Run');
    expect(framed).toMatch(/<g data-role="legend"><rect [^>]*fill="#0072b2"\/><text [^>]*>a<\/text><\/g>/);
  });
});
