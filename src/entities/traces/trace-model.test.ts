import { describe, expect, it } from 'vitest';
import { previewText, runTracesFilter, toTraceInfo, userTraceTags } from './trace-model';

describe('toTraceInfo', () => {
  it('reads an MLflow 2.x TraceInfo: previews, run, name, tokens and int64 strings', () => {
    const trace = toTraceInfo({
      request_id: 'tr-1',
      experiment_id: '3',
      timestamp_ms: '1733500000000',
      execution_time_ms: 1250,
      status: 'ERROR',
      request_metadata: [
        { key: 'mlflow.sourceRun', value: 'run-9' },
        { key: 'mlflow.traceInputs', value: '{"question": "\\u00e9t\\u00e9?"}' },
        { key: 'mlflow.traceOutputs', value: '"truncated {' },
        { key: 'total_tokens', value: '42' },
      ],
      tags: [
        { key: 'mlflow.traceName', value: 'predict' },
        { key: 'team', value: 'search' },
      ],
    });
    expect(trace).toMatchObject({
      traceId: 'tr-1',
      experimentId: '3',
      timestamp: 1733500000000,
      executionTime: 1250,
      status: 'ERROR',
      name: 'predict',
      runId: 'run-9',
      requestPreview: '{"question":"été?"}',
      responsePreview: '"truncated {',
      totalTokens: 42,
    });
    expect(userTraceTags(trace)).toEqual([{ key: 'team', value: 'search' }]);
  });

  it('reads MLflow 3 field names and token usage JSON', () => {
    const trace = toTraceInfo({
      trace_id: 'tr-3',
      state: 'STATE_OK',
      request_preview: '{"a":1}',
      request_metadata: [{ key: 'mlflow.trace.tokenUsage', value: '{"input_tokens": 5, "output_tokens": 7, "total_tokens": 12}' }],
    });
    expect(trace).toMatchObject({
      traceId: 'tr-3',
      status: 'OK',
      requestPreview: '{"a":1}',
      responsePreview: '',
      totalTokens: 12,
      runId: undefined,
    });
  });

  it('maps unknown statuses to UNSPECIFIED and leaves missing tokens undefined', () => {
    const trace = toTraceInfo({ request_id: 'x', status: 'TRACE_STATUS_UNSPECIFIED' });
    expect(trace.status).toBe('UNSPECIFIED');
    expect(trace.totalTokens).toBeUndefined();
    expect(toTraceInfo({ request_id: 'y', status: 'TRACE_STATUS_IN_PROGRESS' }).status).toBe('IN_PROGRESS');
  });
});

describe('previewText / runTracesFilter', () => {
  it('keeps non-JSON text as it is', () => {
    expect(previewText(undefined)).toBe('');
    expect(previewText('plain')).toBe('plain');
  });

  it('quotes the run id in the filter MLflow UI sends', () => {
    expect(runTracesFilter('abc')).toBe("request_metadata.`mlflow.sourceRun` = 'abc'");
    expect(runTracesFilter("a'b")).toBe("request_metadata.`mlflow.sourceRun` = 'a\\'b'");
  });
});
