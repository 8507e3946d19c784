// Side-by-side comparison of model versions: their source runs' params and metrics, and their
// signatures, with differences marked.
import { isLowerBetter } from './key-metrics';
import type { MlModelSummary, SignatureColumn } from '../../../entities/registry/mlmodel-summary';

export interface ValueDiffRow {
  key: string;
  /** One cell per compared version; undefined where that version has no value. */
  values: (string | undefined)[];
  differs: boolean;
}

export interface MetricDiffRow {
  key: string;
  values: (number | undefined)[];
  differs: boolean;
  lowerIsBetter: boolean;
  /** Columns holding the best value (several on a tie); empty when nothing to compare. */
  best: number[];
}

const sortKeys = (keys: Iterable<string>): string[] => [...new Set(keys)].sort((a, b) => a.localeCompare(b));

/** All present and equal, or all absent. */
function allSame<T>(values: readonly (T | undefined)[], equal: (a: T, b: T) => boolean = Object.is): boolean {
  const first = values[0];
  if (first === undefined) return values.every((value) => value === undefined);
  return values.every((value) => value !== undefined && equal(value, first));
}

/** Rows for every param key any version has, differing keys flagged. */
export function diffParams(params: readonly (Record<string, string> | undefined)[]): ValueDiffRow[] {
  const keys = sortKeys(params.flatMap((map) => Object.keys(map ?? {})));
  return keys.map((key) => {
    const values = params.map((map) => map?.[key]);
    return { key, values, differs: !allSame(values) };
  });
}

const sameNumber = (a: number, b: number): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b));

export function diffMetrics(metrics: readonly (Record<string, number> | undefined)[]): MetricDiffRow[] {
  const keys = sortKeys(metrics.flatMap((map) => Object.keys(map ?? {})));
  return keys.map((key) => {
    const values = metrics.map((map) => map?.[key]);
    const lowerIsBetter = isLowerBetter(key);
    const finite = values.filter((value): value is number => value !== undefined && Number.isFinite(value));
    const differs = !allSame(values, sameNumber);
    let best: number[] = [];
    if (new Set(finite).size >= 2) {
      const target = lowerIsBetter ? Math.min(...finite) : Math.max(...finite);
      best = values.flatMap((value, index) => (value === target ? [index] : []));
    }
    return { key, values, differs, lowerIsBetter, best };
  });
}

export type SignatureSection = 'inputs' | 'outputs' | 'params';

export interface SignatureDiffRow {
  section: SignatureSection;
  /** Column name, or `#n` for unnamed columns (tensors) by position. */
  name: string;
  /** Type per version (with `(optional)` when not required); undefined when the column is absent. */
  types: (string | undefined)[];
  differs: boolean;
}

function columnsBySection(summary: MlModelSummary | undefined, section: SignatureSection): Map<string, string> | undefined {
  const signature = summary?.signature;
  if (!signature) return undefined;
  const map = new Map<string, string>();
  if (section === 'params') {
    if (!signature.params) return map;
    for (const param of signature.params) map.set(param.name, `${param.type}${param.defaultValue ? ` = ${param.defaultValue}` : ''}`);
    return map;
  }
  const columns: SignatureColumn[] = signature[section] ?? [];
  columns.forEach((column, index) => map.set(column.name ?? `#${index + 1}`, `${column.type}${column.required ? '' : ' (optional)'}`));
  return map;
}

/**
 * Signature columns across versions. A version without a signature (or without an MLmodel)
 * gives no cells and is not counted as different.
 */
export function diffSignatures(summaries: readonly (MlModelSummary | undefined)[]): SignatureDiffRow[] {
  const rows: SignatureDiffRow[] = [];
  for (const section of ['inputs', 'outputs', 'params'] as const) {
    const maps = summaries.map((summary) => columnsBySection(summary, section));
    const names: string[] = [];
    for (const map of maps) for (const name of map?.keys() ?? []) if (!names.includes(name)) names.push(name);
    for (const name of names) {
      const types = maps.map((map) => map?.get(name));
      const known = types.filter((_, index) => maps[index] !== undefined);
      rows.push({ section, name, types, differs: !allSame(known) });
    }
  }
  return rows;
}
