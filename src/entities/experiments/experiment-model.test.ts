import { describe, expect, it } from 'vitest';
import { toExperiment } from './experiment-model';

describe('toExperiment', () => {
  it('reads a minimal wire experiment', () => {
    expect(toExperiment({ experiment_id: '0', name: 'Default' })).toEqual({
      id: '0',
      name: 'Default',
      artifactLocation: '',
      lifecycleStage: 'active',
      lastUpdateTime: undefined,
      creationTime: undefined,
      tags: [],
      description: '',
    });
  });

  it('reads int64 strings and the description tag', () => {
    const experiment = toExperiment({
      experiment_id: '4',
      name: 'x',
      lifecycle_stage: 'deleted',
      creation_time: '1700000000000',
      last_update_time: 1700000000001,
      tags: [{ key: 'mlflow.note.content', value: '# Hi' }, { key: 'empty' }],
    });
    expect(experiment.creationTime).toBe(1_700_000_000_000);
    expect(experiment.lastUpdateTime).toBe(1_700_000_000_001);
    expect(experiment.description).toBe('# Hi');
    expect(experiment.tags).toContainEqual({ key: 'empty', value: '' });
    expect(experiment.lifecycleStage).toBe('deleted');
  });
});
