// A perceptually ordered colour ramp (viridis stops) for colouring runs by a metric.
const STOPS: readonly [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** Colour at t in [0, 1] (clamped); NaN gives a neutral grey. */
export function rampColor(t: number): string {
  if (!Number.isFinite(t)) return 'rgb(140, 140, 140)';
  const clamped = Math.min(1, Math.max(0, t));
  const position = clamped * (STOPS.length - 1);
  const index = Math.min(STOPS.length - 2, Math.floor(position));
  const f = position - index;
  const a = STOPS[index] ?? [0, 0, 0];
  const b = STOPS[index + 1] ?? a;
  const channel = (k: 0 | 1 | 2) => Math.round(a[k] + (b[k] - a[k]) * f);
  return `rgb(${channel(0)}, ${channel(1)}, ${channel(2)})`;
}
