// Per-run colours: a stable hash of the run id picks from a palette readable on light and dark
// backgrounds; users may override a colour (stored by the caller, e.g. in localStorage).

export const RUN_COLOR_PALETTE: readonly string[] = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#1f77b4',
  '#d62728', '#2ca02c', '#9467bd', '#17becf', '#bcbd22', '#e377c2', '#8c564b', '#3a9bdc', '#c5504b', '#5fb37a',
];

/** FNV-1a, 32 bit: cheap and well spread for hex ids. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function defaultRunColor(runId: string): string {
  return RUN_COLOR_PALETTE[hashString(runId) % RUN_COLOR_PALETTE.length] ?? '#4e79a7';
}

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

export function isHexColor(value: unknown): value is string {
  return typeof value === 'string' && HEX_COLOR.test(value);
}

export function runColor(runId: string, overrides: Readonly<Record<string, string>>): string {
  const override = Object.prototype.hasOwnProperty.call(overrides, runId) ? overrides[runId] : undefined;
  return isHexColor(override) ? override.toLowerCase() : defaultRunColor(runId);
}
