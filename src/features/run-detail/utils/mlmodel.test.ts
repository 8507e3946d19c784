import { describe, expect, it } from 'vitest';
import { parseLogModelHistory, parseMlModel, parseSignatureColumns } from './mlmodel';

describe('parseMlModel', () => {
  it('summarises flavors and signature', () => {
    const summary = parseMlModel(`artifact_path: model
flavors:
  python_function:
    env:
      conda: conda.yaml
    loader_module: mlflow.sklearn
    python_version: 3.10.12
  sklearn:
    sklearn_version: 1.3.0
mlflow_version: 2.9.2
model_size_bytes: 2048
run_id: abc
signature:
  inputs: '[{"type": "double", "name": "x", "required": true}, {"type": "string", "name": "city", "required": false}]'
  outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float64", "shape": [-1]}}]'
utc_time_created: '2024-01-01 00:00:00.000000'
`);
    expect(summary.artifactPath).toBe('model');
    expect(summary.flavors.map((flavor) => flavor.name)).toEqual(['python_function', 'sklearn']);
    expect(summary.flavors[0]?.details).toEqual([
      ['loader_module', 'mlflow.sklearn'],
      ['python_version', '3.10.12'],
    ]);
    expect(summary.inputs).toEqual([
      { name: 'x', type: 'double', required: true },
      { name: 'city', type: 'string', required: false },
    ]);
    expect(summary.outputs).toEqual([{ name: '(unnamed)', type: 'tensor float64(-1)', required: true }]);
    expect(summary.params).toBeUndefined();
    expect(summary.sizeBytes).toBe(2048);
  });

  it('refuses a file that is not a mapping', () => {
    expect(() => parseMlModel('- a\n- b\n')).toThrow();
  });
});

describe('parseSignatureColumns', () => {
  it('accepts lists and ignores bad JSON', () => {
    expect(parseSignatureColumns([{ name: 'a', type: 'long' }])).toEqual([{ name: 'a', type: 'long', required: true }]);
    expect(parseSignatureColumns('not json')).toBeUndefined();
    expect(parseSignatureColumns(undefined)).toBeUndefined();
  });
});

describe('parseLogModelHistory', () => {
  it('reads the run tag', () => {
    const models = parseLogModelHistory(
      JSON.stringify([{ artifact_path: 'model', run_id: 'r', utc_time_created: '2024-01-01', flavors: { sklearn: { sklearn_version: '1.3' } } }]),
    );
    expect(models).toHaveLength(1);
    expect(models[0]?.artifactPath).toBe('model');
    expect(models[0]?.flavors[0]?.name).toBe('sklearn');
  });
  it('is empty for missing or broken tags', () => {
    expect(parseLogModelHistory(undefined)).toEqual([]);
    expect(parseLogModelHistory('{oops')).toEqual([]);
    expect(parseLogModelHistory('{}')).toEqual([]);
  });
});
