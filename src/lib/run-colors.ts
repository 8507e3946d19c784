// Per-run colours, one definition for every page (runs table, charts, compare, run page). Colours
// are assigned in order within the view: the runs on screen get distinct colours, a run keeps its
// colour while it stays on screen (and when it comes back, unless another run took it), and a
// user's choice (localStorage `runboard:run-colors`, set in the runs table) always wins.
// The palette starts with Okabe-Ito's colour-blind-safe set and Tableau's mid-tones (readable on
// light and dark backgrounds: no near-black, near-white or pale yellow), then generated hues.
export const RUN_COLORS_STORAGE_KEY = 'runboard:run-colors';
export const hiddenRunsStorageKey = (experimentIds: readonly string[]): string => `runboard:hidden-runs:${experimentIds.join(',')}`;

export const RUN_COLOR_PALETTE: readonly string[] = [
  '#0072b2', // Okabe-Ito blue
  '#e69f00', // Okabe-Ito orange
  '#009e73', // Okabe-Ito bluish green
  '#d55e00', // Okabe-Ito vermillion
  '#56b4e9', // Okabe-Ito sky blue
  '#cc79a7', // Okabe-Ito reddish purple
  '#9c755f', // Tableau brown
  '#7f63b8', // violet
  '#e15759', // Tableau red
  '#76b7b2', // Tableau teal
  '#59a14f', // Tableau green
  '#ff9da7', // Tableau pink
  '#4e79a7', // Tableau blue
  '#b6992d', // Tableau olive
  '#499894', // Tableau dark teal
  '#d37295', // Tableau rose
  '#8cd17d', // Tableau light green
  '#f28e2b', // Tableau orange
  '#a463f2', // purple
  '#79706e', // Tableau grey
  '#86bcb6', // Tableau light teal
  '#b07aa1', // Tableau mauve
  '#2f9fd8', // azure
  '#c49c94', // Tableau tan
];

/** HSL (degrees, 0–1, 0–1) to #rrggbb. */
function hslToHex(hue: number, saturation: number, lightness: number): string {
  const a = saturation * Math.min(lightness, 1 - lightness);
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    const value = lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/** WCAG relative luminance of #rrggbb. */
function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

// Generated colours keep a luminance that contrasts ≥ 3:1 with the dark theme's surface and is
// not pale on the light theme's white.
const MIN_LUMINANCE = 0.16;
const MAX_LUMINANCE = 0.5;

/**
 * The colour of slot `index`: the palette, then hues spaced by the golden angle (each new hue
 * falls in the largest gap left) in three lightness steps, brightened where a hue (blue, violet)
 * would be too dark for the dark theme.
 */
export function paletteColor(index: number): string {
  const slot = Math.max(0, Math.trunc(index));
  const fixed = RUN_COLOR_PALETTE[slot];
  if (fixed !== undefined) return fixed;
  const n = slot - RUN_COLOR_PALETTE.length;
  const hue = (n * 137.508 + 20) % 360;
  let lightness = [0.5, 0.6, 0.55][n % 3] ?? 0.5;
  let color = hslToHex(hue, 0.62, lightness);
  while (luminance(color) < MIN_LUMINANCE && lightness < 0.8) color = hslToHex(hue, 0.62, (lightness += 0.02));
  while (luminance(color) > MAX_LUMINANCE && lightness > 0.3) color = hslToHex(hue, 0.62, (lightness -= 0.02));
  return color;
}

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

export function isHexColor(value: unknown): value is string {
  return typeof value === 'string' && HEX_COLOR.test(value);
}

function overrideOf(runId: string, overrides: Readonly<Record<string, string>>): string | undefined {
  const value = Object.prototype.hasOwnProperty.call(overrides, runId) ? overrides[runId] : undefined;
  return isHexColor(value) ? value.toLowerCase() : undefined;
}

/** Which slot each run had when it was last on screen, for this browser tab. */
export type ColorSlots = Map<string, number>;

const sessionSlots: ColorSlots = new Map();
const slotOfPaletteColor = new Map(RUN_COLOR_PALETTE.map((color, index) => [color, index]));

/**
 * Colours of the runs of one view, in view order. Pure apart from `slots`, which it reads (a run
 * keeps its previous slot unless an earlier run of the view holds it) and updates.
 */
export function assignRunColors(
  runIds: readonly string[],
  overrides: Readonly<Record<string, string>>,
  slots: ColorSlots,
): Map<string, string> {
  const colors = new Map<string, string>();
  const taken = new Set<number>();
  const unassigned: string[] = [];
  // A chosen colour that equals a palette colour takes that slot: no other run gets it.
  for (const runId of runIds) {
    const chosen = overrideOf(runId, overrides);
    if (chosen === undefined) continue;
    colors.set(runId, chosen);
    const slot = slotOfPaletteColor.get(chosen);
    if (slot !== undefined) taken.add(slot);
  }
  for (const runId of runIds) {
    if (colors.has(runId)) continue;
    const previous = slots.get(runId);
    if (previous !== undefined && !taken.has(previous)) {
      taken.add(previous);
      colors.set(runId, paletteColor(previous));
    } else unassigned.push(runId);
  }
  if (unassigned.length > 0) {
    // New runs take the lowest free slots, avoiding (within the palette's size, or the view's)
    // slots other runs of this tab still remember, so coming back to those runs keeps their colours.
    const remembered = new Set(slots.values());
    const bound = Math.max(RUN_COLOR_PALETTE.length, runIds.length);
    let next = 0;
    let fallback = 0;
    for (const runId of unassigned) {
      while (next < bound && (taken.has(next) || remembered.has(next))) next += 1;
      let slot: number;
      if (next < bound) slot = next;
      else {
        while (taken.has(fallback)) fallback += 1;
        slot = fallback;
      }
      taken.add(slot);
      slots.set(runId, slot);
      colors.set(runId, paletteColor(slot));
    }
  }
  return colors;
}

// One result per (list, overrides) pair: a table cell can ask for its run's colour cheaply.
const viewCache = new WeakMap<readonly string[], { overrides: Readonly<Record<string, string>>; colors: Map<string, string> }>();

/**
 * Colours of the runs on screen (in their order), remembered for this browser tab: the runs
 * table, the charts and compare agree on a run's colour as long as no two runs on screen clash.
 */
export function runColorsInView(runIds: readonly string[], overrides: Readonly<Record<string, string>>): Map<string, string> {
  const hit = viewCache.get(runIds);
  if (hit && hit.overrides === overrides) return hit.colors;
  const colors = assignRunColors(runIds, overrides, sessionSlots);
  viewCache.set(runIds, { overrides, colors });
  return colors;
}

/** The colour of one run of a view (see runColorsInView). */
export function colorInView(runIds: readonly string[], runId: string, overrides: Readonly<Record<string, string>>): string {
  return runColorsInView(runIds, overrides).get(runId) ?? overrideOf(runId, overrides) ?? paletteColor(0);
}

/** The user's colour choices, from localStorage's JSON (anything malformed reads as none). */
export function parseColorOverrides(raw: unknown): Record<string, string> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const result: Record<string, string> = {};
  for (const [runId, color] of Object.entries(raw as Record<string, unknown>)) if (isHexColor(color)) result[runId] = color.toLowerCase();
  return result;
}

/** The user's colour choices as stored by the runs table (none when storage is unavailable or malformed). */
export function readColorOverrides(): Record<string, string> {
  try {
    return parseColorOverrides(JSON.parse(window.localStorage.getItem(RUN_COLORS_STORAGE_KEY) ?? '{}'));
  } catch {
    return {};
  }
}
