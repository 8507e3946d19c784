// The columns of the runs CSV export.
import { parseColumnId } from './column-ids';
import type { CsvColumn } from './csv';
import { readKey, type Run } from '../../../entities/runs/run-model';

function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** CSV columns: identity and attributes first, then the visible metric, param and tag columns. */
export function csvColumnsFor(visibleColumns: readonly string[]): CsvColumn<Run>[] {
  const columns: CsvColumn<Run>[] = [
    { header: 'run_id', value: (run) => run.runId },
    { header: 'run_name', value: (run) => run.runName },
    { header: 'experiment_id', value: (run) => run.experimentId },
    { header: 'status', value: (run) => run.status },
    { header: 'lifecycle_stage', value: (run) => run.lifecycleStage },
    { header: 'start_time', value: (run) => iso(run.startTime) },
    { header: 'end_time', value: (run) => iso(run.endTime) },
    { header: 'duration_ms', value: (run) => (run.startTime !== undefined && run.endTime !== undefined ? run.endTime - run.startTime : undefined) },
    { header: 'user', value: (run) => run.user },
    { header: 'source', value: (run) => readKey(run.tags, 'mlflow.source.name') },
    { header: 'git_commit', value: (run) => readKey(run.tags, 'mlflow.source.git.commit') },
    { header: 'parent_run_id', value: (run) => run.parentRunId },
    { header: 'datasets', value: (run) => run.datasets.map((dataset) => `${dataset.name}@${dataset.digest}${dataset.context ? `:${dataset.context}` : ''}`).join('; ') || undefined },
    { header: 'logged_models', value: (run) => run.loggedModels.map((model) => model.artifactPath).join('; ') || undefined },
  ];
  for (const id of visibleColumns) {
    const parsed = parseColumnId(id);
    if (!parsed || parsed.kind === 'fixed') continue;
    const { kind, key } = parsed;
    columns.push({ header: `${kind}.${key}`, value: (run) => readKey<string | number>(run[kind], key) });
  }
  return columns;
}

