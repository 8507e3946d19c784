import { describe, expect, it } from 'vitest';
import { isSystemTag, parseLoggedModels, readKey, toRun } from './run-model';

describe('toRun', () => {
  it('reads a run with everything omitted', () => {
    const row = toRun({ info: { run_id: 'abc', experiment_id: '3' } });
    expect(row).toMatchObject({ runId: 'abc', experimentId: '3', runName: '', status: 'RUNNING', lifecycleStage: 'active', metrics: {}, params: {}, tags: {}, datasets: [], loggedModels: [] });
    expect(row.startTime).toBeUndefined();
  });

  it('reads int64 strings, NaN strings, user tag, datasets, models and the parent', () => {
    const row = toRun({
      info: { run_id: 'r1', run_uuid: 'r1', experiment_id: '1', start_time: '1700000000000', end_time: 1700000005000, status: 'FAILED', user_id: 'bob', lifecycle_stage: 'deleted' },
      data: {
        metrics: [
          { key: 'loss', value: 'NaN', timestamp: 1, step: 2 },
          { key: 'acc', value: 0.5 },
          { key: 'big', value: 'Infinity' },
        ],
        params: [{ key: 'lr', value: '0.1' }, { key: 'empty' }],
        tags: [
          { key: 'mlflow.user', value: 'alice' },
          { key: 'mlflow.runName', value: 'from-tag' },
          { key: 'mlflow.parentRunId', value: 'p1' },
          { key: 'mlflow.log-model.history', value: JSON.stringify([{ artifact_path: 'model', flavors: { sklearn: {}, python_function: {} } }]) },
          { key: '__proto__', value: 'x' },
        ],
      },
      inputs: { dataset_inputs: [{ tags: [{ key: 'mlflow.data.context', value: 'train' }], dataset: { name: 'iris', digest: 'd1' } }, { dataset: { name: 'eval', digest: 'd2' } }] },
    });
    expect(row.startTime).toBe(1_700_000_000_000);
    expect(row.endTime).toBe(1_700_000_005_000);
    expect(Number.isNaN(row.metrics.loss)).toBe(true);
    expect(row.metrics.big).toBe(Infinity);
    expect(row.params).toEqual({ lr: '0.1', empty: '' });
    expect(row.user).toBe('alice');
    expect(row.runName).toBe('from-tag');
    expect(row.status).toBe('FAILED');
    expect(row.lifecycleStage).toBe('deleted');
    expect(row.parentRunId).toBe('p1');
    expect(row.datasets.map(({ name, digest, context }) => ({ name, digest, context }))).toEqual([
      { name: 'iris', digest: 'd1', context: 'train' },
      { name: 'eval', digest: 'd2', context: undefined },
    ]);
    expect(row.name).toBe('from-tag');
    expect(row.latestMetrics.find((metric) => metric.key === 'loss')).toMatchObject({ step: 2, timestamp: 1 });
    expect(row.loggedModels).toEqual([{ artifactPath: 'model', flavors: ['sklearn'] }]);
    expect(readKey(row.tags, '__proto__')).toBe('x');
    expect(readKey(row.tags, 'constructor')).toBeUndefined();
  });

  it('falls back to user_id and tolerates broken model history', () => {
    expect(toRun({ info: { run_id: 'a', experiment_id: '1', user_id: 'bob' } }).user).toBe('bob');
    expect(parseLoggedModels('not json')).toEqual([]);
    expect(parseLoggedModels('{"a":1}')).toEqual([]);
    expect(parseLoggedModels('[1, {"artifact_path": "m"}, {"artifact_path": "m"}]')).toEqual([{ artifactPath: 'm', flavors: [] }]);
  });

  it('knows system tags', () => {
    expect(isSystemTag('mlflow.user')).toBe(true);
    expect(isSystemTag('_mlflow_x')).toBe(true);
    expect(isSystemTag('team')).toBe(false);
  });
});
