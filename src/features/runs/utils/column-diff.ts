// "Show only columns that differ": a data column differs when the loaded runs hold at least two
// distinct values for it, a run lacking the key counting as a value of its own. Summaries are
// built per page of runs (cacheable) and merged, so loading a new page costs only that page.
import type { Run } from '../../../entities/runs/run-model';
import { dataColumnId, type DataColumnKind } from './column-ids';

interface KeySummary {
  first: string | number;
  present: number;
  differs: boolean;
}

export interface DiffSummary {
  rows: number;
  keys: Map<string, KeySummary>;
}

const KINDS: readonly DataColumnKind[] = ['metrics', 'params', 'tags'];

function sameValue(a: string | number, b: string | number): boolean {
  return Object.is(a, b);
}

export function summarizeRows(rows: readonly Run[]): DiffSummary {
  const keys = new Map<string, KeySummary>();
  for (const row of rows) {
    for (const kind of KINDS) {
      const record: Readonly<Record<string, string | number>> = row[kind];
      for (const key of Object.keys(record)) {
        const value = record[key] as string | number;
        const id = dataColumnId(kind, key);
        const summary = keys.get(id);
        if (!summary) keys.set(id, { first: value, present: 1, differs: false });
        else {
          summary.present += 1;
          if (!summary.differs && !sameValue(summary.first, value)) summary.differs = true;
        }
      }
    }
  }
  return { rows: rows.length, keys };
}

export function mergeDiffSummaries(summaries: readonly DiffSummary[]): DiffSummary {
  const keys = new Map<string, KeySummary>();
  let rows = 0;
  for (const summary of summaries) {
    rows += summary.rows;
    for (const [id, part] of summary.keys) {
      const merged = keys.get(id);
      if (!merged) keys.set(id, { ...part });
      else {
        merged.present += part.present;
        merged.differs = merged.differs || part.differs || !sameValue(merged.first, part.first);
      }
    }
  }
  return { rows, keys };
}

/** Ids of the data columns whose values are not the same for every summarised run. */
export function differingColumns(summary: DiffSummary): Set<string> {
  const differing = new Set<string>();
  for (const [id, part] of summary.keys) {
    if (part.differs || part.present < summary.rows) differing.add(id);
  }
  return differing;
}
