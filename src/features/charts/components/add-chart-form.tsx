import { useState } from 'react';
import type { ChartSpec } from '../utils/chart-layout';

/** Adds a line, bar or scatter chart. */
export function AddChartForm({
  metricKeys,
  paramKeys,
  onAdd,
}: {
  metricKeys: readonly string[];
  paramKeys: readonly string[];
  onAdd: (spec: ChartSpec) => void;
}) {
  const [kind, setKind] = useState<ChartSpec['kind']>('line');
  const [key, setKey] = useState('');
  const [agg, setAgg] = useState<'last' | 'min' | 'max'>('last');
  const [x, setX] = useState('');
  const metric = key || metricKeys[0] || '';
  const xValue = x || (paramKeys[0] ? `param:${paramKeys[0]}` : metricKeys[0] ? `metric:${metricKeys[0]}` : '');
  const submit = () => {
    if (!metric) return;
    if (kind === 'line') onAdd({ kind: 'line', key: metric });
    else if (kind === 'bar') onAdd({ kind: 'bar', key: metric, agg });
    else if (xValue) onAdd({ kind: 'scatter', x: xValue, y: `metric:${metric}` });
  };
  return (
    <form
      className="add-chart-form"
      aria-label="Add a chart"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label className="charts-field">
        <span>Chart type</span>
        <select
          className="select"
          value={kind}
          onChange={(event) => setKind(event.target.value as ChartSpec['kind'])}
          data-testid="add-chart-kind"
        >
          <option value="line">Line</option>
          <option value="bar">Bar (per run)</option>
          <option value="scatter">Scatter</option>
        </select>
      </label>
      {kind === 'scatter' && (
        <label className="charts-field">
          <span>X</span>
          <select className="select" value={xValue} onChange={(event) => setX(event.target.value)} data-testid="add-chart-x">
            {paramKeys.map((param) => (
              <option key={`param:${param}`} value={`param:${param}`}>
                param {param}
              </option>
            ))}
            {metricKeys.map((option) => (
              <option key={`metric:${option}`} value={`metric:${option}`}>
                metric {option}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="charts-field">
        <span>{kind === 'scatter' ? 'Y metric' : 'Metric'}</span>
        <select className="select" value={metric} onChange={(event) => setKey(event.target.value)} data-testid="add-chart-metric">
          {metricKeys.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </label>
      {kind === 'bar' && (
        <label className="charts-field">
          <span>Value</span>
          <select
            className="select"
            value={agg}
            onChange={(event) => setAgg(event.target.value as 'last' | 'min' | 'max')}
            data-testid="add-chart-agg"
          >
            <option value="last">Latest</option>
            <option value="min">Min</option>
            <option value="max">Max</option>
          </select>
        </label>
      )}
      <button type="submit" className="btn btn-primary" disabled={!metric}>
        Add chart
      </button>
    </form>
  );
}
