// Builders of Run values for the unit tests of this folder.
import type { Run } from '../../../entities/runs/run-model';

export function testRun(runId: string, overrides: Partial<Run> = {}): Run {
  return {
    runId,
    runName: `run-${runId}`,
    name: `run-${runId}`,
    experimentId: '1',
    status: 'FINISHED',
    lifecycleStage: 'active',
    user: 'alice',
    artifactUri: '',
    metrics: {},
    latestMetrics: [],
    params: {},
    tags: {},
    datasets: [],
    loggedModels: [],
    modelInputIds: [],
    modelOutputIds: [],
    ...overrides,
  };
}
