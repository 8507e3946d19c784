import { describe, expect, it } from 'vitest';
import { describeSchemaType, parseParamsSchema, parseSchema, summarizeMlModel } from './mlmodel-summary';
import { PYYAML_MLMODEL } from '../../lib/mlmodel-fixture';

describe('summarizeMlModel', () => {
  it('summarises a PyYAML-written MLmodel', () => {
    const summary = summarizeMlModel(PYYAML_MLMODEL);
    expect(summary.artifactPath).toBe('model');
    expect(summary.flavors.map((flavor) => flavor.name)).toEqual(['python_function', 'sklearn']);
    expect(summary.flavors[0]?.details).toContainEqual({ key: 'env.conda', value: 'conda.yaml' });
    expect(summary.flavors[1]?.details).toContainEqual({ key: 'code', value: 'null' });
    expect(summary.loaderModule).toBe('mlflow.sklearn');
    expect(summary.pythonVersion).toBe('3.10.12');
    expect(summary.mlflowVersion).toBe('2.17.2');
    expect(summary.modelSizeBytes).toBe(8123);
    expect(summary.createdAt).toBe('2024-10-01 12:34:56.789012');
    expect(summary.inputExample).toEqual({ path: 'input_example.json', type: 'dataframe' });
    expect(summary.signature?.inputs).toEqual([
      { name: 'sepal length (cm)', type: 'double', required: true },
      { name: 'sepal width (cm)', type: 'double', required: true },
      { name: "it's quoted", type: 'string', required: false },
      { name: 'tokens', type: 'array<string>', required: true },
    ]);
    expect(summary.signature?.outputs).toEqual([{ name: undefined, type: 'tensor float32 (-1, 3)', required: true }]);
    expect(summary.signature?.params).toEqual([{ name: 'temperature', type: 'double', defaultValue: '0.5', shape: undefined }]);
    expect(summary.other.map((entry) => entry.key)).toContain('metadata.note');
  });

  it('handles a minimal MLmodel without signature', () => {
    const summary = summarizeMlModel('artifact_path: model\nflavors: {}\n');
    expect(summary.flavors).toEqual([]);
    expect(summary.signature).toBeUndefined();
    expect(summary.other).toEqual([]);
  });

  it('keeps a signature with null parts', () => {
    const summary = summarizeMlModel("signature:\n  inputs: '[{\"type\": \"long\", \"name\": \"x\"}]'\n  outputs: null\n  params: null\n");
    expect(summary.signature).toEqual({ inputs: [{ name: 'x', type: 'long', required: true }], outputs: undefined, params: undefined });
  });
});

describe('schema helpers', () => {
  it('describes nested types', () => {
    expect(describeSchemaType({ type: 'object', properties: { a: { type: 'long' }, b: { type: 'array', items: { type: 'string' } } } })).toBe(
      'object {a: long, b: array<string>}',
    );
    expect(describeSchemaType({ type: 'map', values: { type: 'double' } })).toBe('map<string, double>');
  });

  it('returns undefined for unreadable schemas', () => {
    expect(parseSchema('not json')).toBeUndefined();
    expect(parseSchema('{"a": 1}')).toBeUndefined();
    expect(parseSchema(undefined)).toBeUndefined();
    expect(parseParamsSchema('[{"name": "k", "type": "long", "default": 3, "shape": [2]}]')).toEqual([{ name: 'k', type: 'long', defaultValue: '3', shape: '(2)' }]);
  });
});
