// Per-run colours, one definition for every page: a user override (localStorage
// `runboard:run-colors`, kept by the runs table) else a stable hash of the run id into a palette
// readable on light and dark backgrounds.
export const RUN_COLORS_STORAGE_KEY = 'runboard:run-colors';
export const hiddenRunsStorageKey = (experimentIds: readonly string[]): string => `runboard:hidden-runs:${experimentIds.join(',')}`;

export const RUN_COLOR_PALETTE: readonly string[] = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#17becf',
  '#bcbd22',
  '#e377c2',
  '#8c564b',
  '#3a9bdc',
  '#c5504b',
  '#5fb37a',
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

export function paletteColor(index: number): string {
  const size = RUN_COLOR_PALETTE.length;
  return RUN_COLOR_PALETTE[((index % size) + size) % size] ?? '#4e79a7';
}

export function defaultRunColor(runId: string): string {
  return paletteColor(hashString(runId));
}

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

export function isHexColor(value: unknown): value is string {
  return typeof value === 'string' && HEX_COLOR.test(value);
}

export function colorForRun(runId: string, overrides: Readonly<Record<string, string>>): string {
  const override = Object.prototype.hasOwnProperty.call(overrides, runId) ? overrides[runId] : undefined;
  return isHexColor(override) ? override.toLowerCase() : defaultRunColor(runId);
}
