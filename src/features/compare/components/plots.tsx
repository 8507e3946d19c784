// Small SVG plots of the compare page: scatter (x/y any param or metric, coloured by a third),
// a contour-style interpolated grid of a metric over two numeric params, and a box plot of a
// metric per value of a param. Runs number in the hundreds, so SVG is fine here.
import { useMemo } from 'react';
import { boxStats } from '../../../lib/chart-math/box-stats';
import { rampColor, themedRampColor } from '../../../lib/chart-math/color-ramp';
import { useThemeVersion } from '../../../components/charts/use-theme-version';
import { idwGrid } from '../../../lib/chart-math/contour-grid';
import { linearTicks, logTicks } from '../../../lib/chart-math/ticks';
import { formatMetricValue } from '../../../lib/format/format-number';
import { axisPosition, type AxisValues, type CompareRun } from '../utils/compare-values';

const W = 520;
const H = 320;
const M = { left: 56, right: 16, top: 12, bottom: 40 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;

function ticksFor(axis: AxisValues, log: boolean): { t: number; label: string }[] {
  if (axis.kind === 'categorical')
    return axis.categories.map((category, index) => ({ t: axisPosition(axis, index, false), label: category }));
  const [lo, hi] = axis.extent;
  const values = log && lo > 0 ? logTicks(lo, hi, 5) : linearTicks(lo, hi, 5);
  return values.map((value) => ({ t: axisPosition(axis, value, log), label: formatMetricValue(value) }));
}

function Axes({ x, y, logX, logY, grid = true }: { x: AxisValues; y: AxisValues; logX: boolean; logY: boolean; grid?: boolean }) {
  return (
    <g className="plot-axes">
      <rect x={M.left} y={M.top} width={PW} height={PH} fill="none" stroke="var(--border-strong)" />
      {ticksFor(y, logY).map(({ t, label }) => (
        <g key={`y${label}`}>
          {grid && <line x1={M.left} x2={M.left + PW} y1={M.top + (1 - t) * PH} y2={M.top + (1 - t) * PH} stroke="var(--chart-grid)" />}
          <text x={M.left - 6} y={M.top + (1 - t) * PH} textAnchor="end" dominantBaseline="middle">
            {label}
          </text>
        </g>
      ))}
      {ticksFor(x, logX).map(({ t, label }) => (
        <text key={`x${label}`} x={M.left + t * PW} y={M.top + PH + 14} textAnchor="middle">
          {label}
        </text>
      ))}
      <text x={M.left + PW / 2} y={H - 6} textAnchor="middle" className="plot-axis-title">
        {x.label}
        {logX ? ' (log)' : ''}
      </text>
      <text x={12} y={M.top + PH / 2} textAnchor="middle" transform={`rotate(-90 12 ${M.top + PH / 2})`} className="plot-axis-title">
        {y.label}
        {logY ? ' (log)' : ''}
      </text>
    </g>
  );
}

export function ScatterPlot({
  runs,
  x,
  y,
  color,
  logX,
  logY,
}: {
  runs: readonly CompareRun[];
  x: AxisValues;
  y: AxisValues;
  color?: AxisValues;
  logX: boolean;
  logY: boolean;
}) {
  const dark = useThemeVersion() === 'dark';
  const points = useMemo(
    () =>
      runs
        .map((run, i) => ({
          run,
          tx: axisPosition(x, x.values[i] ?? NaN, logX),
          ty: axisPosition(y, y.values[i] ?? NaN, logY),
          fill: color ? themedRampColor(axisPosition(color, color.values[i] ?? NaN, false), dark) : run.color,
          colorValue: color?.values[i],
          i,
        }))
        .filter((point) => Number.isFinite(point.tx) && Number.isFinite(point.ty)),
    [runs, x, y, color, logX, logY, dark],
  );
  return (
    <svg
      className="compare-plot"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`Scatter of ${y.label} against ${x.label}`}
      data-testid="compare-scatter"
      data-points={points.length}
    >
      <Axes x={x} y={y} logX={logX} logY={logY} />
      {points.map((point) => (
        <circle
          key={point.run.runId}
          cx={M.left + point.tx * PW}
          cy={M.top + (1 - point.ty) * PH}
          r={4}
          fill={point.fill}
          fillOpacity={0.85}
          stroke="var(--surface)"
          strokeWidth={0.5}
        >
          <title>
            {point.run.name}: {x.label}=
            {x.kind === 'categorical' ? x.categories[x.values[point.i] ?? 0] : formatMetricValue(x.values[point.i] ?? NaN)}, {y.label}=
            {formatMetricValue(y.values[point.i] ?? NaN)}
            {color ? `, ${color.label}=${formatMetricValue(point.colorValue ?? NaN)}` : ''}
          </title>
        </circle>
      ))}
    </svg>
  );
}

export function ContourPlot({
  runs,
  x,
  y,
  z,
  logX,
  logY,
}: {
  runs: readonly CompareRun[];
  x: AxisValues;
  y: AxisValues;
  z: AxisValues;
  logX: boolean;
  logY: boolean;
}) {
  const n = 28;
  const grid = useMemo(
    () =>
      idwGrid(
        runs.map((_, i) => ({ x: x.values[i] ?? NaN, y: y.values[i] ?? NaN, z: z.values[i] ?? NaN })),
        { nx: n, ny: n, logX: logX && x.extent[0] > 0, logY: logY && y.extent[0] > 0 },
      ),
    [runs, x, y, z, logX, logY],
  );
  if (x.kind !== 'numeric' || y.kind !== 'numeric') return <p className="muted">The contour needs two numeric params.</p>;
  if (!grid) return <p className="muted">No runs have both params and the metric.</p>;
  const [zLo, zHi] = grid.zRange;
  const cellW = PW / n;
  const cellH = PH / n;
  return (
    <svg
      className="compare-plot"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`Interpolated ${z.label} over ${x.label} and ${y.label}`}
      data-testid="compare-contour"
    >
      {Array.from(grid.values, (value, index) => {
        const i = index % n;
        const j = Math.floor(index / n);
        return (
          <rect
            key={index}
            x={M.left + i * cellW}
            y={M.top + (n - 1 - j) * cellH}
            width={cellW + 0.5}
            height={cellH + 0.5}
            fill={rampColor(zHi === zLo ? 0.5 : (value - zLo) / (zHi - zLo))}
          />
        );
      })}
      <Axes x={x} y={y} logX={logX && x.extent[0] > 0} logY={logY && y.extent[0] > 0} grid={false} />
      {runs.map((run, i) => {
        const tx = axisPosition(x, x.values[i] ?? NaN, logX && x.extent[0] > 0);
        const ty = axisPosition(y, y.values[i] ?? NaN, logY && y.extent[0] > 0);
        if (!Number.isFinite(tx) || !Number.isFinite(ty) || !Number.isFinite(z.values[i] ?? NaN)) return null;
        return (
          <circle key={run.runId} cx={M.left + tx * PW} cy={M.top + (1 - ty) * PH} r={2.5} fill="none" stroke="#fff" strokeWidth={1}>
            <title>
              {run.name}: {z.label}={formatMetricValue(z.values[i] ?? NaN)}
            </title>
          </circle>
        );
      })}
      <text x={W - M.right} y={M.top + 10} textAnchor="end" className="plot-axis-title" fill="#fff">
        {z.label}: {formatMetricValue(zLo)} – {formatMetricValue(zHi)}
      </text>
    </svg>
  );
}

export function BoxPlot({ x, y }: { x: AxisValues; y: AxisValues }) {
  const groups = useMemo(() => {
    const labels =
      x.kind === 'categorical'
        ? x.categories
        : [...new Set(Array.from(x.values).filter(Number.isFinite))].sort((a, b) => a - b).map(String);
    return labels
      .map((label, index) => {
        const values: number[] = [];
        x.values.forEach((value, i) => {
          const matches = x.kind === 'categorical' ? value === index : String(value) === label;
          if (matches) values.push(y.values[i] ?? NaN);
        });
        return { label, stats: boxStats(values) };
      })
      .filter((group) => group.stats !== undefined)
      .slice(0, 30);
  }, [x, y]);
  const [lo, hi] = y.extent;
  const ty = (value: number) => M.top + (1 - (hi === lo ? 0.5 : (value - lo) / (hi - lo))) * PH;
  const slot = PW / Math.max(1, groups.length);
  return (
    <svg
      className="compare-plot"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`Box plot of ${y.label} per ${x.label}`}
      data-testid="compare-boxplot"
      data-groups={groups.length}
    >
      <rect x={M.left} y={M.top} width={PW} height={PH} fill="none" stroke="var(--border-strong)" />
      {linearTicks(lo, hi, 5).map((tick) => (
        <g key={tick} className="plot-axes">
          <line x1={M.left} x2={M.left + PW} y1={ty(tick)} y2={ty(tick)} stroke="var(--chart-grid)" />
          <text x={M.left - 6} y={ty(tick)} textAnchor="end" dominantBaseline="middle">
            {formatMetricValue(tick)}
          </text>
        </g>
      ))}
      {groups.map(({ label, stats }, index) => {
        if (!stats) return null;
        const cx = M.left + slot * (index + 0.5);
        const half = Math.min(24, slot * 0.3);
        return (
          <g key={label} className="plot-axes">
            <title>
              {x.label}={label}: n={stats.count}, median {formatMetricValue(stats.median)}, IQR {formatMetricValue(stats.q1)}–
              {formatMetricValue(stats.q3)}
            </title>
            <line x1={cx} x2={cx} y1={ty(stats.lowerWhisker)} y2={ty(stats.upperWhisker)} stroke="var(--text-muted)" />
            <rect
              x={cx - half}
              y={ty(stats.q3)}
              width={half * 2}
              height={Math.max(1, ty(stats.q1) - ty(stats.q3))}
              fill="var(--accent-soft)"
              stroke="var(--accent)"
            />
            <line x1={cx - half} x2={cx + half} y1={ty(stats.median)} y2={ty(stats.median)} stroke="var(--accent)" strokeWidth={2} />
            {stats.outliers.map((value, k) => (
              <circle key={k} cx={cx} cy={ty(value)} r={2.5} fill="none" stroke="var(--text-muted)" />
            ))}
            <text x={cx} y={M.top + PH + 14} textAnchor="middle">
              {label.length > 10 ? `${label.slice(0, 9)}…` : label}
            </text>
          </g>
        );
      })}
      <text x={M.left + PW / 2} y={H - 6} textAnchor="middle" className="plot-axis-title">
        {x.label}
      </text>
    </svg>
  );
}
