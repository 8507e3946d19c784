import { describe, expect, it } from 'vitest';
import type { MlModelSummary } from '../../../entities/registry/mlmodel-summary';
import { diffMetrics, diffParams, diffSignatures } from './version-diff';

describe('diffParams', () => {
  it('flags keys whose values differ or are missing somewhere', () => {
    expect(diffParams([{ lr: '0.1', depth: '3', same: 'x' }, { lr: '0.2', same: 'x' }, undefined])).toEqual([
      { key: 'depth', values: ['3', undefined, undefined], differs: true },
      { key: 'lr', values: ['0.1', '0.2', undefined], differs: true },
      { key: 'same', values: ['x', 'x', undefined], differs: true },
    ]);
    expect(diffParams([{ a: '1' }, { a: '1' }])).toEqual([{ key: 'a', values: ['1', '1'], differs: false }]);
  });
});

describe('diffMetrics', () => {
  it('marks the best value in the metric direction', () => {
    const rows = diffMetrics([
      { accuracy: 0.8, loss: 0.5, flat: 1 },
      { accuracy: 0.9, loss: 0.7, flat: 1 },
      { accuracy: 0.9, loss: NaN },
    ]);
    expect(rows.find((row) => row.key === 'accuracy')).toMatchObject({ differs: true, best: [1, 2], lowerIsBetter: false });
    expect(rows.find((row) => row.key === 'loss')).toMatchObject({ differs: true, best: [0], lowerIsBetter: true });
    expect(rows.find((row) => row.key === 'flat')).toMatchObject({ differs: true, best: [] });
    expect(diffMetrics([{ a: NaN }, { a: NaN }])[0]).toMatchObject({ differs: false, best: [] });
  });
});

function summary(inputs: { name?: string; type: string; required?: boolean }[] | undefined, params?: { name: string; type: string }[]): MlModelSummary {
  return {
    artifactPath: 'model',
    flavors: [],
    loaderModule: undefined,
    pythonVersion: undefined,
    mlflowVersion: undefined,
    modelSizeBytes: undefined,
    modelUuid: undefined,
    runId: undefined,
    createdAt: undefined,
    inputExample: undefined,
    other: [],
    signature: {
      inputs: inputs?.map((column) => ({ name: column.name, type: column.type, required: column.required ?? true })),
      outputs: [{ name: undefined, type: 'long', required: true }],
      params: params?.map((param) => ({ ...param, defaultValue: '', shape: undefined })),
    },
  };
}

describe('diffSignatures', () => {
  it('compares columns by name, unnamed ones by position', () => {
    const rows = diffSignatures([
      summary([{ name: 'a', type: 'double' }, { name: 'b', type: 'long' }]),
      summary([{ name: 'a', type: 'double' }, { name: 'b', type: 'double' }, { name: 'c', type: 'string', required: false }], [{ name: 't', type: 'double' }]),
      undefined,
    ]);
    expect(rows).toEqual([
      { section: 'inputs', name: 'a', types: ['double', 'double', undefined], differs: false },
      { section: 'inputs', name: 'b', types: ['long', 'double', undefined], differs: true },
      { section: 'inputs', name: 'c', types: [undefined, 'string (optional)', undefined], differs: true },
      { section: 'outputs', name: '#1', types: ['long', 'long', undefined], differs: false },
      { section: 'params', name: 't', types: [undefined, 'double', undefined], differs: true },
    ]);
  });
});
