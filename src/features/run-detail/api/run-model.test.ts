import { describe, expect, it } from 'vitest';
import { toRun } from '../../../entities/runs/run-model';
import { toRunView } from './run-model';
import { toArtifactEntry, sortArtifacts } from '../../../entities/runs/api/list-artifacts';
import { runsUri } from '../hooks/use-register-model';

describe('toRunView', () => {
  it('treats missing arrays as empty and reads int64 strings', () => {
    const run = toRunView(toRun({ info: { run_id: 'r1', experiment_id: '3', start_time: '1700000000000', status: 'RUNNING' } }));
    expect(run.metrics).toEqual([]);
    expect(run.params).toEqual([]);
    expect(run.tags).toEqual([]);
    expect(run.datasets).toEqual([]);
    expect(run.startTime).toBe(1_700_000_000_000);
    expect(run.endTime).toBeUndefined();
    expect(run.name).toBe('r1');
    expect(run.lifecycleStage).toBe('active');
  });

  it('reads NaN/Infinity metric strings, sorts keys, and falls back to the runName tag', () => {
    const run = toRunView(toRun({
      info: { run_id: '', run_uuid: 'r2', experiment_id: '1' },
      data: {
        metrics: [
          { key: 'b', value: 'NaN', step: '3', timestamp: 5 },
          { key: 'a', value: 'Infinity' },
        ],
        params: [{ key: 'p' }],
        tags: [{ key: 'mlflow.runName', value: 'named' }, { key: 'mlflow.user', value: 'bob' }],
      },
      inputs: { dataset_inputs: [{ dataset: { name: 'd', digest: 'x' }, tags: [{ key: 'mlflow.data.context', value: 'eval' }] }] },
    }));
    expect(run.id).toBe('r2');
    expect(run.name).toBe('named');
    expect(run.userId).toBe('bob');
    expect(run.metrics.map((metric) => metric.key)).toEqual(['a', 'b']);
    expect(run.metrics[0]?.value).toBe(Infinity);
    expect(Number.isNaN(run.metrics[1]?.value)).toBe(true);
    expect(run.metrics[1]?.step).toBe(3);
    expect(run.params).toEqual([{ key: 'p', value: '' }]);
    expect(run.datasets[0]).toMatchObject({ name: 'd', digest: 'x', context: 'eval', source: '' });
  });
});

describe('artifact entries', () => {
  it('reads names and sizes (number or string) and sorts folders first', () => {
    const entries = sortArtifacts(
      [{ path: 'b.txt', file_size: '12' }, { path: 'model', is_dir: true }, { path: 'a.txt', file_size: 3 }].map(toArtifactEntry),
    );
    expect(entries.map((entry) => entry.name)).toEqual(['model', 'a.txt', 'b.txt']);
    expect(entries[2]?.size).toBe(12);
    expect(toArtifactEntry({ path: 'dir/sub/file.json' }).name).toBe('file.json');
  });
});

describe('runsUri', () => {
  it('builds runs:/ sources', () => {
    expect(runsUri('abc', 'model')).toBe('runs:/abc/model');
    expect(runsUri('abc', '/nested/model/')).toBe('runs:/abc/nested/model');
    expect(runsUri('abc', '')).toBe('runs:/abc');
  });
});
