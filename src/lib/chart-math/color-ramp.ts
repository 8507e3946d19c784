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

/**
 * Colour at t for a given background: the darkest stops vanish on a dark background and the
 * lightest on a light one, so each theme uses the part of the ramp that contrasts with it.
 */
export function themedRampColor(t: number, dark: boolean): string {
  if (!Number.isFinite(t)) return rampColor(t);
  const clamped = Math.min(1, Math.max(0, t));
  return rampColor(dark ? 0.2 + 0.8 * clamped : 0.85 * clamped);
}
