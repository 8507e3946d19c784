// `/compare?runs=id1,id2,...` (2 to 1,000 runs): params, metrics and tags side by side with
// "differences only" and best values; parallel coordinates with multi-axis brushing (selection
// linked to the runs table); scatter, contour and box plots; parameter importance; overlaid
// metric histories. Every choice is in the URL.
import { useLayoutEffect, useMemo, useRef } from 'react';
import { Link } from 'react-router';
import { ErrorPanel, PanelErrorBoundary } from '../../components/error-view';
import { metricDirection } from '../../entities/metrics/metric-direction';
import { readColorOverrides, runColorsInView } from '../../lib/run-colors';
import { useRunsByIds } from '../../entities/runs/api/search-runs';
import { CompareTable } from './components/compare-table';
import { ImportanceList } from './components/importance-list';
import { MetricOverlay } from './components/metric-overlay';
import { ParallelCoordinates } from './components/parallel-coordinates';
import { BoxPlot, ContourPlot, ScatterPlot } from './components/plots';
import { useCompareUrlState } from './hooks/use-compare-url-state';
import {
  axisValues,
  encodeBrushes,
  encodeDirections,
  parseBrushes,
  parseDirections,
  runIdsFilter,
  selectedMask,
  type AxisValues,
  type CompareRun,
} from './utils/compare-values';
import './compare.css';
import { paths } from '../../config/paths';

export const MAX_COMPARE_RUNS = 1000;

const list = (value: string): string[] => [
  ...new Set(
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  ),
];

function AxisSelect({
  label,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  options: readonly string[];
  onChange: (value: string) => void;
  testId: string;
}) {
  return (
    <label className="charts-field">
      <span>{label}</span>
      <select className="select" value={value} onChange={(event) => onChange(event.target.value)} data-testid={testId}>
        {options.map((option) => (
          <option key={option} value={option}>
            {option.replace(/^param:/, 'param ').replace(/^metric:/, 'metric ')}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ComparePage() {
  const urlState = useCompareUrlState(MAX_COMPARE_RUNS);
  const { allIds, runIds } = urlState;
  const query = useRunsByIds(runIds);
  const rootRef = useRef<HTMLDivElement>(null);

  const runs = useMemo<CompareRun[]>(() => {
    const loaded = query.data ?? [];
    const colors = runColorsInView(
      loaded.map((run) => run.runId),
      readColorOverrides(),
    );
    return loaded.map((run) => ({ ...run, color: colors.get(run.runId) ?? '' }));
  }, [query.data]);

  const [diff, setDiff] = urlState.param('diff');
  const [betterText, setBetter] = urlState.param('better');
  const [pcText, setPc] = urlState.param('pc');
  const [pcLogText, setPcLog] = urlState.param('pclog');
  const [brushText, setBrush] = urlState.param('brush');
  const [colorText, setColor] = urlState.param('pccolor');
  const [sx, setSx] = urlState.param('sx');
  const [sy, setSy] = urlState.param('sy');
  const [sc, setSc] = urlState.param('sc');
  const [kx, setKx] = urlState.param('kx');
  const [ky, setKy] = urlState.param('ky');
  const [kz, setKz] = urlState.param('kz');
  const [bx, setBx] = urlState.param('bx');
  const [by, setBy] = urlState.param('by');
  const [imp, setImp] = urlState.param('imp');
  const [hist, setHist] = urlState.param('hist');

  const paramKeys = useMemo(() => [...new Set(runs.flatMap((run) => Object.keys(run.params)))].sort(), [runs]);
  const metricKeys = useMemo(() => [...new Set(runs.flatMap((run) => Object.keys(run.metrics)))].sort(), [runs]);
  const axisOptions = useMemo(
    () => [...paramKeys.map((key) => `param:${key}`), ...metricKeys.map((key) => `metric:${key}`)],
    [paramKeys, metricKeys],
  );
  const numericParamOptions = useMemo(
    () => paramKeys.map((key) => `param:${key}`).filter((id) => axisValues(runs, id).kind === 'numeric'),
    [paramKeys, runs],
  );
  const primaryMetric = metricKeys.find((key) => metricDirection(key) === 'min') ?? metricKeys[0] ?? '';

  // One cache per runs array: axis values are computed once per axis.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const axisCache = useMemo(() => new Map<string, AxisValues>(), [runs]);
  const axis = (id: string): AxisValues => {
    let cached = axisCache.get(id);
    if (!cached) axisCache.set(id, (cached = axisValues(runs, id)));
    return cached;
  };

  // Parallel coordinates: params that vary (up to 11) and the primary metric by default.
  const pcAxes = useMemo(() => {
    const chosen = list(pcText).filter((id) => axisOptions.includes(id));
    if (chosen.length > 0 || pcText) return chosen;
    const varying = paramKeys.filter((key) => new Set(runs.map((run) => run.params[key])).size > 1).slice(0, 11);
    return [...varying.map((key) => `param:${key}`), ...(primaryMetric ? [`metric:${primaryMetric}`] : [])];
  }, [pcText, axisOptions, paramKeys, runs, primaryMetric]);
  const pcAxisValues = useMemo(() => pcAxes.map((id) => axis(id)), [pcAxes, axisCache]); // eslint-disable-line react-hooks/exhaustive-deps
  const logAxes = useMemo(() => new Set(list(pcLogText)), [pcLogText]);
  const brushes = useMemo(() => parseBrushes(brushText), [brushText]);
  const colorId = colorText && axisOptions.includes(colorText) ? colorText : primaryMetric ? `metric:${primaryMetric}` : '';
  const colorAxis = colorId ? axis(colorId) : undefined;
  const mask = useMemo(() => selectedMask(pcAxisValues, brushes, runs.length), [pcAxisValues, brushes, runs.length]);
  const selectedRuns = useMemo(() => (Object.keys(brushes).length ? runs.filter((_, index) => mask[index]) : []), [runs, mask, brushes]);
  const experimentIds = useMemo(() => [...new Set(runs.map((run) => run.experimentId))], [runs]);
  const directions = useMemo(() => parseDirections(betterText), [betterText]);

  const firstParam = paramKeys[0] ? `param:${paramKeys[0]}` : (axisOptions[0] ?? '');
  const scatterX = axisOptions.includes(sx) ? sx : firstParam;
  const scatterY = axisOptions.includes(sy) ? sy : primaryMetric ? `metric:${primaryMetric}` : (axisOptions[1] ?? '');
  const scatterColor = sc && axisOptions.includes(sc) ? sc : '';
  const contourX = numericParamOptions.includes(kx) ? kx : (numericParamOptions[0] ?? '');
  const contourY = numericParamOptions.includes(ky) ? ky : (numericParamOptions.find((id) => id !== contourX) ?? '');
  const contourZ = metricKeys.includes(kz) ? kz : primaryMetric;
  const categoricalParams = paramKeys.filter((key) => new Set(runs.map((run) => run.params[key])).size <= 30).map((key) => `param:${key}`);
  const boxX = categoricalParams.includes(bx)
    ? bx
    : (categoricalParams.find((id) => axis(id).kind === 'categorical') ?? categoricalParams[0] ?? '');
  const boxY = metricKeys.includes(by) ? by : primaryMetric;
  const importanceMetric = metricKeys.includes(imp) ? imp : primaryMetric;
  const historyMetric = metricKeys.includes(hist) ? hist : primaryMetric;
  const overlayRuns = useMemo(() => (selectedRuns.length ? selectedRuns : runs).slice(0, 300), [selectedRuns, runs]);

  // Interactive: published once the runs are rendered, for the benchmark.
  useLayoutEffect(() => {
    if (!query.data || !rootRef.current || rootRef.current.dataset.readyAt) return;
    const element = rootRef.current;
    requestAnimationFrame(() => {
      element.dataset.readyAt = performance.now().toFixed(1);
    });
  }, [query.data]);

  if (allIds.length < 2) {
    return (
      <div className="page">
        <h1>Compare runs</h1>
        <p className="muted">Select two or more runs in the runs table and choose Compare (URL: /compare?runs=ID,ID).</p>
      </div>
    );
  }

  const runLink = (run: CompareRun) => paths.run(run.experimentId, run.runId);
  const setAxes = (next: string[]) => setPc(next.join(',') || ',');

  return (
    <div className="page compare-page" data-testid="compare-page" ref={rootRef}>
      <div className="page-header">
        <div>
          <h1>Compare {runIds.length} runs</h1>
          {allIds.length > MAX_COMPARE_RUNS && (
            <p className="muted">
              Showing the first {MAX_COMPARE_RUNS} of {allIds.length} runs.
            </p>
          )}
          {query.data && query.data.length < runIds.length && (
            <p className="muted">{runIds.length - query.data.length} run ids were not found.</p>
          )}
        </div>
        {experimentIds.length > 0 && (
          <Link className="btn" to={paths.experimentRuns(experimentIds.join(','), `?q=${encodeURIComponent(runIdsFilter(runIds))}`)}>
            Open in runs table
          </Link>
        )}
      </div>
      {query.error ? (
        <ErrorPanel error={query.error} title="Could not load the runs" onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <p className="muted" role="status">
          Loading {runIds.length} runs…
        </p>
      ) : (
        <div className="stack">
          <section className="panel" aria-labelledby="compare-values-title">
            <div className="panel-header">
              <h2 id="compare-values-title">Parameters, metrics and tags</h2>
              <label className="charts-check">
                <input type="checkbox" checked={diff === '1'} onChange={(event) => setDiff(event.target.checked ? '1' : '')} />
                Differences only
              </label>
            </div>
            <PanelErrorBoundary title="The comparison table failed">
              <CompareTable
                runs={runs}
                differencesOnly={diff === '1'}
                directions={directions}
                onDirection={(key, direction) => setBetter(encodeDirections({ ...directions, [key]: direction }))}
                runLink={runLink}
              />
            </PanelErrorBoundary>
          </section>

          <section className="panel" aria-labelledby="compare-pc-title">
            <div className="panel-header">
              <h2 id="compare-pc-title">Parallel coordinates</h2>
              <div className="toolbar">
                <label className="charts-field">
                  <span>Add axis</span>
                  <select
                    className="select"
                    value=""
                    onChange={(event) => event.target.value && setAxes([...pcAxes, event.target.value])}
                    data-testid="pc-add-axis"
                  >
                    <option value="">Choose…</option>
                    {axisOptions
                      .filter((id) => !pcAxes.includes(id))
                      .map((id) => (
                        <option key={id} value={id}>
                          {id.replace(':', ' ')}
                        </option>
                      ))}
                  </select>
                </label>
                <AxisSelect label="Colour by" value={colorId} options={axisOptions} onChange={setColor} testId="pc-color" />
                {Object.keys(brushes).length > 0 && (
                  <button type="button" className="btn btn-sm" onClick={() => setBrush('')}>
                    Clear selection
                  </button>
                )}
              </div>
            </div>
            <div className="panel-body">
              <PanelErrorBoundary title="Parallel coordinates failed">
                {pcAxisValues.length < 2 ? (
                  <p className="muted">Choose at least two axes.</p>
                ) : (
                  <ParallelCoordinates
                    axes={pcAxisValues}
                    logAxes={logAxes}
                    colorAxis={colorAxis}
                    brushes={brushes}
                    runCount={runs.length}
                    onBrushesChange={(next) => setBrush(encodeBrushes(next), true)}
                    onToggleLog={(id) => {
                      const next = new Set(logAxes);
                      if (next.has(id)) next.delete(id);
                      else next.add(id);
                      setPcLog([...next].join(','));
                    }}
                    onMoveAxis={(id, direction) => {
                      const index = pcAxes.indexOf(id);
                      const target = index + direction;
                      if (index < 0 || target < 0 || target >= pcAxes.length) return;
                      const next = pcAxes.slice();
                      next[index] = pcAxes[target] ?? id;
                      next[target] = id;
                      setAxes(next);
                    }}
                    onRemoveAxis={(id) => {
                      setAxes(pcAxes.filter((axisId) => axisId !== id));
                      if (brushes[id]) {
                        const next = { ...brushes };
                        delete next[id];
                        setBrush(encodeBrushes(next), true);
                      }
                    }}
                  />
                )}
              </PanelErrorBoundary>
              <div className="pc-selection" data-testid="pc-selection" aria-live="polite">
                {Object.keys(brushes).length === 0 ? (
                  <span className="muted">Drag along an axis to select runs; click an axis to clear its range.</span>
                ) : (
                  <>
                    <strong>{selectedRuns.length}</strong> of {runs.length} runs selected
                    {selectedRuns.length > 0 && (
                      <>
                        {' · '}
                        <Link
                          // Filtered to the brushed runs and with them selected, ready for the table's actions.
                          to={paths.experimentRuns(experimentIds.join(','), `?q=${encodeURIComponent(runIdsFilter(selectedRuns.map((run) => run.runId)))}&sel=${selectedRuns.map((run) => run.runId).join(',')}`)}
                          data-testid="pc-selection-link"
                        >
                          Show in runs table
                        </Link>
                        {' · '}
                        <Link to={paths.compare(selectedRuns.map((run) => run.runId))}>Compare only these</Link>
                        <ul className="pc-selected-list">
                          {selectedRuns.slice(0, 20).map((run) => (
                            <li key={run.runId}>
                              <span className="swatch" style={{ background: run.color }} aria-hidden="true" />
                              <a href={runLink(run)}>{run.name}</a>
                            </li>
                          ))}
                          {selectedRuns.length > 20 && <li className="muted">… {selectedRuns.length - 20} more</li>}
                        </ul>
                      </>
                    )}
                  </>
                )}
              </div>
            </div>
          </section>

          <div className="compare-plots">
            <section className="panel" aria-labelledby="compare-scatter-title">
              <div className="panel-header">
                <h2 id="compare-scatter-title">Scatter</h2>
              </div>
              <div className="panel-body">
                <div className="toolbar">
                  <AxisSelect label="X" value={scatterX} options={axisOptions} onChange={setSx} testId="scatter-x" />
                  <AxisSelect label="Y" value={scatterY} options={axisOptions} onChange={setSy} testId="scatter-y" />
                  <AxisSelect label="Colour" value={scatterColor} options={['', ...axisOptions]} onChange={setSc} testId="scatter-color" />
                </div>
                {scatterX && scatterY && (
                  <PanelErrorBoundary title="The scatter plot failed">
                    <ScatterPlot
                      runs={runs}
                      x={axis(scatterX)}
                      y={axis(scatterY)}
                      color={scatterColor ? axis(scatterColor) : undefined}
                      logX={logAxes.has(scatterX)}
                      logY={logAxes.has(scatterY)}
                    />
                  </PanelErrorBoundary>
                )}
              </div>
            </section>
            <section className="panel" aria-labelledby="compare-contour-title">
              <div className="panel-header">
                <h2 id="compare-contour-title">Contour</h2>
              </div>
              <div className="panel-body">
                <div className="toolbar">
                  <AxisSelect label="X param" value={contourX} options={numericParamOptions} onChange={setKx} testId="contour-x" />
                  <AxisSelect label="Y param" value={contourY} options={numericParamOptions} onChange={setKy} testId="contour-y" />
                  <AxisSelect label="Metric" value={contourZ} options={metricKeys} onChange={setKz} testId="contour-z" />
                </div>
                {contourX && contourY && contourZ ? (
                  <PanelErrorBoundary title="The contour plot failed">
                    <ContourPlot
                      runs={runs}
                      x={axis(contourX)}
                      y={axis(contourY)}
                      z={axis(`metric:${contourZ}`)}
                      logX={logAxes.has(contourX)}
                      logY={logAxes.has(contourY)}
                    />
                  </PanelErrorBoundary>
                ) : (
                  <p className="muted">Needs two numeric params and a metric.</p>
                )}
              </div>
            </section>
            <section className="panel" aria-labelledby="compare-box-title">
              <div className="panel-header">
                <h2 id="compare-box-title">Box plot</h2>
              </div>
              <div className="panel-body">
                <div className="toolbar">
                  <AxisSelect label="Param" value={boxX} options={categoricalParams} onChange={setBx} testId="box-x" />
                  <AxisSelect label="Metric" value={boxY} options={metricKeys} onChange={setBy} testId="box-y" />
                </div>
                {boxX && boxY ? (
                  <PanelErrorBoundary title="The box plot failed">
                    <BoxPlot x={axis(boxX)} y={axis(`metric:${boxY}`)} />
                  </PanelErrorBoundary>
                ) : (
                  <p className="muted">Needs a param and a metric.</p>
                )}
              </div>
            </section>
            <section className="panel" aria-labelledby="compare-importance-title">
              <div className="panel-header">
                <h2 id="compare-importance-title">Parameter importance</h2>
                <AxisSelect label="For metric" value={importanceMetric} options={metricKeys} onChange={setImp} testId="importance-metric" />
              </div>
              <div className="panel-body">
                <PanelErrorBoundary title="Parameter importance failed">
                  <ImportanceList runs={runs} paramKeys={paramKeys} metricKey={importanceMetric} />
                </PanelErrorBoundary>
                <p className="muted importance-note">
                  Bars: permutation importance of a 30-tree random forest (Runboard's own, in the browser). ρ: Spearman correlation with the
                  metric.
                </p>
              </div>
            </section>
          </div>

          <section className="panel" aria-labelledby="compare-history-title">
            <div className="panel-header">
              <h2 id="compare-history-title">Metric history{selectedRuns.length ? ' (selected runs)' : ''}</h2>
              <AxisSelect label="Metric" value={historyMetric} options={metricKeys} onChange={setHist} testId="history-metric" />
            </div>
            <div className="panel-body">
              {historyMetric ? (
                <PanelErrorBoundary title="The metric history failed" resetKey={historyMetric}>
                  <MetricOverlay runs={overlayRuns} metricKey={historyMetric} />
                </PanelErrorBoundary>
              ) : (
                <p className="muted">These runs have no metrics.</p>
              )}
              {overlayRuns.length < (selectedRuns.length || runs.length) && (
                <p className="muted">Showing the first {overlayRuns.length} runs.</p>
              )}
            </div>
          </section>
        </div>
      )}
    </div>
  );
}
