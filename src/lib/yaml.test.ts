import { describe, expect, it } from 'vitest';
import { parseYaml, YamlError } from './yaml';

const MLMODEL = `artifact_path: model
flavors:
  python_function:
    env:
      conda: conda.yaml
      virtualenv: python_env.yaml
    loader_module: mlflow.sklearn
    model_path: model.pkl
    predict_fn: predict
    python_version: 3.10.12
  sklearn:
    code: null
    pickled_model: model.pkl
    serialization_format: cloudpickle
    sklearn_version: 1.3.0
mlflow_version: 2.9.2
model_size_bytes: 1234
model_uuid: 0a1b2c
run_id: 6f0c
signature:
  inputs: '[{"type": "double", "name": "x", "required": true}]'
  outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float64", "shape": [-1]}}]'
  params: null
utc_time_created: '2024-01-01 00:00:00.000000'
`;

describe('parseYaml', () => {
  it('reads an MLmodel file', () => {
    const value = parseYaml(MLMODEL) as Record<string, unknown>;
    expect(value.artifact_path).toBe('model');
    expect(value.model_size_bytes).toBe(1234);
    expect(value.mlflow_version).toBe('2.9.2');
    expect((value.flavors as Record<string, Record<string, unknown>>).python_function?.python_version).toBe('3.10.12');
    expect((value.flavors as Record<string, Record<string, unknown>>).sklearn?.code).toBeNull();
    expect((value.signature as Record<string, unknown>).inputs).toBe('[{"type": "double", "name": "x", "required": true}]');
    expect(value.utc_time_created).toBe('2024-01-01 00:00:00.000000');
  });

  it('reads a conda environment with nested sequences', () => {
    const value = parseYaml(`channels:
- conda-forge
dependencies:
- python=3.10.12
- pip<=23.0
- pip:
  - mlflow==2.9.2
  - scikit-learn==1.3.0
name: mlflow-env
`);
    expect(value).toEqual({
      channels: ['conda-forge'],
      dependencies: ['python=3.10.12', 'pip<=23.0', { pip: ['mlflow==2.9.2', 'scikit-learn==1.3.0'] }],
      name: 'mlflow-env',
    });
  });

  it('reads sequences of mappings, flow collections, comments and scalars', () => {
    const value = parseYaml(`# config
---
layers:
  - name: dense   # first
    units: 64
    active: true
  - name: "out"
    units: 1
shape: [1, 2, {a: b}]
empty: {}
ratio: 0.5
neg: -3
nothing: ~
quoted: 'it''s'
escaped: "line\\nnext"
url: http://example.com/a#b
`);
    expect(value).toEqual({
      layers: [
        { name: 'dense', units: 64, active: true },
        { name: 'out', units: 1 },
      ],
      shape: [1, 2, { a: 'b' }],
      empty: {},
      ratio: 0.5,
      neg: -3,
      nothing: null,
      quoted: "it's",
      escaped: 'line\nnext',
      url: 'http://example.com/a#b',
    });
  });

  it('reads block scalars', () => {
    expect(parseYaml('text: |\n  a\n  b\nnext: 1\n')).toEqual({ text: 'a\nb\n', next: 1 });
    expect(parseYaml('text: >-\n  a\n  b\n')).toEqual({ text: 'a b' });
  });

  it('reads top-level sequences and scalars', () => {
    expect(parseYaml('- 1\n- two\n')).toEqual([1, 'two']);
    expect(parseYaml('hello')).toBe('hello');
    expect(parseYaml('')).toBeNull();
  });

  it('resolves anchors and aliases, but refuses alias bombs', () => {
    expect(parseYaml('a: &x 1\nb: *x\n')).toEqual({ a: 1, b: 1 });
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((name, index) => `${name}: &${name} [${Array(10).fill(`*${'abcdefgh'[index]}`).join(', ')}]`)].join('\n');
    expect(() => parseYaml(bomb)).toThrow(YamlError);
  });

  it('refuses broken indentation', () => {
    expect(() => parseYaml('a: 1\n   b: 2\n')).toThrow(YamlError);
  });
});
