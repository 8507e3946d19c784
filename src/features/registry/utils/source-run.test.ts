import { describe, expect, it } from 'vitest';
import { sourceRunId } from './source-run';

describe('sourceRunId', () => {
  it('prefers run_id, then a runs:/ source', () => {
    expect(sourceRunId({ runId: 'abc', source: 'runs:/def/model' })).toBe('abc');
    expect(sourceRunId({ runId: '', source: 'runs:/def/model' })).toBe('def');
    expect(sourceRunId({ runId: '', source: 's3://bucket/model' })).toBeUndefined();
    expect(sourceRunId({ runId: '00000000000000000000000000000000', source: 's3://x' })).toBeUndefined();
  });
});
