// "Show only columns that differ": a column differs when the loaded runs hold at least two
// distinct values for it, a run lacking the key counting as a value of its own. Attribute columns
// (status, user, source...) count too, so a sweep where every run has the same user and commit
// shows only what changes. Summaries are built per page of runs (cacheable) and merged, so
// loading a new page costs only that page.
import { GIT_COMMIT_TAG, readKey, SOURCE_NAME_TAG, type Run } from '../../../entities/runs/run-model';
import { dataColumnId, type DataColumnKind, type FixedColumnId } from './column-ids';

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

/**
 * The value each attribute column shows, for comparing runs. The registered-models column is not
 * here: its values come from another request, so it is kept whenever it is chosen.
 */
const ATTRIBUTE_VALUES: Readonly<Partial<Record<FixedColumnId, (run: Run) => string | number>>> = {
  status: (run) => run.status,
  created: (run) => run.startTime ?? '',
  duration: (run) => (run.startTime !== undefined && run.endTime !== undefined ? run.endTime - run.startTime : ''),
  user: (run) => run.user,
  source: (run) => readKey(run.tags, SOURCE_NAME_TAG) ?? '',
  commit: (run) => readKey(run.tags, GIT_COMMIT_TAG) ?? '',
  datasets: (run) => run.datasets.map((dataset) => `${dataset.name}@${dataset.digest}:${dataset.context ?? ''}`).join(','),
  models: (run) => run.loggedModels.map((model) => model.artifactPath).join(','),
};
const ATTRIBUTES = Object.entries(ATTRIBUTE_VALUES) as [FixedColumnId, (run: Run) => string | number][];

/** Whether "only columns that differ" can judge this column (else it is always kept). */
export function isComparableColumn(id: string): boolean {
  return id.includes('.') || id in ATTRIBUTE_VALUES;
}

function sameValue(a: string | number, b: string | number): boolean {
  return Object.is(a, b);
}

export function summarizeRows(rows: readonly Run[]): DiffSummary {
  const keys = new Map<string, KeySummary>();
  const note = (id: string, value: string | number) => {
    const summary = keys.get(id);
    if (!summary) keys.set(id, { first: value, present: 1, differs: false });
    else {
      summary.present += 1;
      if (!summary.differs && !sameValue(summary.first, value)) summary.differs = true;
    }
  };
  for (const row of rows) {
    for (const [id, valueOf] of ATTRIBUTES) note(id, valueOf(row));
    for (const kind of KINDS) {
      const record: Readonly<Record<string, string | number>> = row[kind];
      for (const key of Object.keys(record)) {
        note(dataColumnId(kind, key), record[key] as string | number);
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

/** Ids of the columns whose values are not the same for every summarised run. */
export function differingColumns(summary: DiffSummary): Set<string> {
  const differing = new Set<string>();
  for (const [id, part] of summary.keys) {
    if (part.differs || part.present < summary.rows) differing.add(id);
  }
  return differing;
}
