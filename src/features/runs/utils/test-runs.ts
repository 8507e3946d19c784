// Builders of RunRow values for the unit tests of this folder.
import type { RunRow } from './run-row';

export function testRun(runId: string, overrides: Partial<RunRow> = {}): RunRow {
  return {
    runId,
    runName: `run-${runId}`,
    experimentId: '1',
    status: 'FINISHED',
    lifecycleStage: 'active',
    user: 'alice',
    artifactUri: '',
    metrics: {},
    params: {},
    tags: {},
    datasets: [],
    loggedModels: [],
    ...overrides,
  };
}
