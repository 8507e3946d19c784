// Axis ticks for the canvas charts: "nice" linear ticks (1, 2, 5 × 10^k) and decade ticks for log
// scales, plus the value → pixel mapping both share.

export type ScaleKind = 'linear' | 'log';

export function niceStep(span: number, count: number): number {
  if (!(span > 0) || count < 1) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

export function linearTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo === hi) return [lo];
  const step = niceStep(hi - lo, count);
  const first = Math.ceil(lo / step) * step;
  const ticks: number[] = [];
  for (let value = first; value <= hi + step * 1e-9; value += step) ticks.push(Number(value.toPrecision(12)));
  return ticks;
}

/** Powers of ten inside [lo, hi] (lo > 0); falls back to linear ticks when the span is under a decade. */
export function logTicks(lo: number, hi: number, count = 5): number[] {
  if (!(lo > 0) || !(hi > 0)) return [];
  const from = Math.ceil(Math.log10(lo) - 1e-9);
  const to = Math.floor(Math.log10(hi) + 1e-9);
  if (to - from < 1) return linearTicks(lo, hi, count);
  const every = Math.max(1, Math.ceil((to - from + 1) / count));
  const ticks: number[] = [];
  for (let exponent = from; exponent <= to; exponent += every) ticks.push(10 ** exponent);
  return ticks;
}

/** Maps a value to [0, 1] over the domain; log scales map log10. Non-positive values on log → NaN. */
export function normalize(value: number, domain: readonly [number, number], kind: ScaleKind): number {
  if (kind === 'log') {
    if (!(value > 0)) return NaN;
    const lo = Math.log10(domain[0]);
    const hi = Math.log10(domain[1]);
    return hi === lo ? 0.5 : (Math.log10(value) - lo) / (hi - lo);
  }
  return domain[1] === domain[0] ? 0.5 : (value - domain[0]) / (domain[1] - domain[0]);
}

/** Inverse of normalize. */
export function denormalize(t: number, domain: readonly [number, number], kind: ScaleKind): number {
  if (kind === 'log') return 10 ** (Math.log10(domain[0]) + t * (Math.log10(domain[1]) - Math.log10(domain[0])));
  return domain[0] + t * (domain[1] - domain[0]);
}

/** Pads a domain by a fraction of its span (or a little around a single value). */
export function padDomain(domain: readonly [number, number], kind: ScaleKind, fraction = 0.05): [number, number] {
  const [lo, hi] = domain;
  if (kind === 'log') {
    if (lo === hi) return [lo / 2, hi * 2];
    const pad = (Math.log10(hi) - Math.log10(lo)) * fraction;
    return [10 ** (Math.log10(lo) - pad), 10 ** (Math.log10(hi) + pad)];
  }
  if (lo === hi) {
    const delta = Math.abs(lo) * 0.1 || 1;
    return [lo - delta, hi + delta];
  }
  const pad = (hi - lo) * fraction;
  return [lo - pad, hi + pad];
}

/**
 * A domain that starts and ends on nice ticks around [lo, hi], with those ticks (for charts whose
 * library would otherwise label odd values such as 0.9405). A single value gets a unit-wide domain.
 */
export function niceDomain(lo: number, hi: number, count = 5): { domain: [number, number]; ticks: number[] } {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { domain: [0, 1], ticks: [0, 1] };
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return niceDomain(lo - pad, hi + pad, count);
  }
  const step = niceStep(hi - lo, count);
  const from = Number((Math.floor(lo / step) * step).toPrecision(12));
  const to = Number((Math.ceil(hi / step) * step).toPrecision(12));
  return { domain: [from, to], ticks: linearTicks(from, to, count) };
}
