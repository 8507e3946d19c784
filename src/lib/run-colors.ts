// Run colours, matching the runs table: a user override from localStorage `runboard:run-colors`,
// else a stable hash of the run id into the same palette.
export const RUN_COLORS_STORAGE_KEY = 'runboard:run-colors';
export const hiddenRunsStorageKey = (experimentIds: readonly string[]): string => `runboard:hidden-runs:${experimentIds.join(',')}`;

const PALETTE: readonly string[] = [
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

function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

export function paletteColor(index: number): string {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length] ?? '#4e79a7';
}

export function colorForRun(runId: string, overrides: Readonly<Record<string, string>>): string {
  const override = Object.prototype.hasOwnProperty.call(overrides, runId) ? overrides[runId] : undefined;
  if (override && /^#[0-9a-f]{6}$/i.test(override)) return override.toLowerCase();
  return PALETTE[hash(runId) % PALETTE.length] ?? '#4e79a7';
}
