import { useId } from 'react';
import { decodeXAxis, encodeXAxis, type ChartSettings } from './chart-settings';

export function ChartsToolbar({
  settings,
  update,
  metricKeys,
  groupOptions,
  showSearch = true,
}: {
  showSearch?: boolean;
  settings: ChartSettings;
  update: (patch: Partial<ChartSettings>, options?: { replace?: boolean }) => void;
  metricKeys: readonly string[];
  groupOptions: readonly string[];
}) {
  const id = useId();
  const smoothingValue = settings.smoothing === 'ema' ? settings.emaWeight : settings.cmaWindow;
  return (
    <div className="charts-toolbar" role="toolbar" aria-label="Chart settings">
      {showSearch && (
        <label className="charts-field">
          <span>Search charts</span>
          <input
            className="input"
            type="search"
            placeholder="key or regex, e.g. ^val/"
            value={settings.search}
            onChange={(event) => update({ search: event.target.value }, { replace: true })}
            data-testid="chart-search"
          />
        </label>
      )}
      <label className="charts-field">
        <span>X axis</span>
        <select
          className="select"
          value={encodeXAxis(settings.xAxis)}
          onChange={(event) => update({ xAxis: decodeXAxis(event.target.value), zoom: {} })}
          data-testid="x-axis"
        >
          <option value="step">Step</option>
          <option value="relative">Relative time</option>
          <option value="wall">Wall time</option>
          {metricKeys.map((key) => (
            <option key={key} value={`metric:${key}`}>
              Metric: {key}
            </option>
          ))}
        </select>
      </label>
      <div className="charts-field">
        <span id={`${id}-y`}>Y scale</span>
        <div className="segmented" role="group" aria-labelledby={`${id}-y`}>
          {(['linear', 'log'] as const).map((scale) => (
            <button key={scale} type="button" aria-pressed={settings.yScale === scale} onClick={() => update({ yScale: scale })}>
              {scale === 'linear' ? 'Linear' : 'Log'}
            </button>
          ))}
        </div>
      </div>
      <label className="charts-check">
        <input type="checkbox" checked={settings.ignoreOutliers} onChange={(event) => update({ ignoreOutliers: event.target.checked })} />
        Ignore outliers
      </label>
      <label className="charts-field">
        <span>Smoothing</span>
        <select
          className="select"
          value={settings.smoothing}
          onChange={(event) => update({ smoothing: event.target.value as ChartSettings['smoothing'] })}
          data-testid="smoothing"
        >
          <option value="none">None</option>
          <option value="ema">EMA (debiased)</option>
          <option value="cma">Centered moving average</option>
        </select>
      </label>
      {settings.smoothing !== 'none' && (
        <label className="charts-field">
          <span>{settings.smoothing === 'ema' ? `Weight ${settings.emaWeight.toFixed(2)}` : `Window ${settings.cmaWindow}`}</span>
          <input
            type="range"
            min={settings.smoothing === 'ema' ? 0 : 3}
            max={settings.smoothing === 'ema' ? 0.99 : 101}
            step={settings.smoothing === 'ema' ? 0.01 : 2}
            value={smoothingValue}
            onChange={(event) =>
              update(settings.smoothing === 'ema' ? { emaWeight: Number(event.target.value) } : { cmaWindow: Number(event.target.value) }, {
                replace: true,
              })
            }
            data-testid="smoothing-amount"
          />
        </label>
      )}
      {(groupOptions.length > 0 || settings.groupBy) && (
        <label className="charts-field">
          <span>Group by</span>
          <select
            className="select"
            value={settings.groupBy}
            onChange={(event) => update({ groupBy: event.target.value })}
            data-testid="group-by"
          >
            <option value="">No grouping</option>
            {groupOptions.map((option) => (
              <option key={option} value={option}>
                {option.replace(/^param:/, 'param ').replace(/^tag:/, 'tag ')}
              </option>
            ))}
          </select>
        </label>
      )}
      {settings.groupBy && (
        <>
          <label className="charts-field">
            <span>Aggregate</span>
            <select
              className="select"
              value={settings.center}
              onChange={(event) => update({ center: event.target.value as ChartSettings['center'] })}
              data-testid="group-center"
            >
              <option value="mean">Mean</option>
              <option value="median">Median</option>
            </select>
          </label>
          <label className="charts-field">
            <span>Band</span>
            <select
              className="select"
              value={settings.band}
              onChange={(event) => update({ band: event.target.value as ChartSettings['band'] })}
              data-testid="group-band"
            >
              <option value="minmax">Min–max</option>
              <option value="std">± std</option>
              <option value="stderr">± std. error</option>
            </select>
          </label>
        </>
      )}
    </div>
  );
}
