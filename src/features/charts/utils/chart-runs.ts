// Which runs the chart view draws, in order: pinned runs first (as the runs table shows them),
// then the table's runs; or, when runs are selected in the table, only those in selection order.

/** Filter for a fixed set of runs. Run ids are hex; quotes are dropped so the filter stays valid. */
export function runIdsFilter(runIds: readonly string[]): string {
  return `attributes.run_id IN (${runIds.map((id) => `'${id.replaceAll("'", '')}'`).join(', ')})`;
}

/** Pinned runs, then the others without repeats; with `order`, the runs in that order (missing ones left out). */
export function mergeChartRuns<T extends { runId: string }>(pinned: readonly T[], runs: readonly T[], order?: readonly string[]): T[] {
  if (order) {
    const byId = new Map(runs.map((run) => [run.runId, run]));
    return order.map((id) => byId.get(id)).filter((run): run is T => run !== undefined);
  }
  const seen = new Set<string>();
  const merged: T[] = [];
  for (const run of [...pinned, ...runs]) {
    if (seen.has(run.runId)) continue;
    seen.add(run.runId);
    merged.push(run);
  }
  return merged;
}
