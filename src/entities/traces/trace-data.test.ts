import { describe, expect, it } from 'vitest';
import { decodeAttribute, parseTraceData, spanDuration } from './trace-data';

const T0 = 1_733_500_000_000_000_000;

describe('parseTraceData', () => {
  it('reads MLflow 2.x spans: ids, parents, times relative to the first start, status, type, events', () => {
    const data = parseTraceData({
      spans: [
        {
          name: 'predict',
          context: { span_id: '0x01', trace_id: '0xaa' },
          parent_id: null,
          start_time: T0,
          end_time: T0 + 250_000_000,
          status_code: 'OK',
          status_message: '',
          attributes: { 'mlflow.spanType': '"CHAIN"', 'mlflow.spanInputs': '{"q": "hi"}' },
          events: [],
        },
        {
          name: 'llm',
          context: { span_id: '0x02', trace_id: '0xaa' },
          parent_id: '0x01',
          start_time: T0 + 50_000_000,
          end_time: T0 + 200_000_000,
          status_code: 'ERROR',
          status_message: 'rate limited',
          attributes: { 'mlflow.spanType': '"LLM"' },
          events: [{ name: 'exception', timestamp: T0 + 199_000_000, attributes: { 'exception.message': 'boom' } }],
        },
      ],
      request: '{"q": "hi"}',
    });
    expect(data.durationMs).toBeCloseTo(250, 3);
    expect(data.startEpochMs).toBeCloseTo(T0 / 1e6, -1);
    const [root, child] = data.spans;
    expect(root).toMatchObject({
      spanId: '0000000000000001',
      otelTraceId: '000000000000000000000000000000aa',
      parentId: undefined,
      name: 'predict',
      startMs: 0,
      status: 'OK',
      spanType: 'CHAIN',
      hasError: false,
    });
    expect(root && spanDuration(root)).toBeCloseTo(250, 3);
    expect(child).toMatchObject({
      spanId: '0000000000000002',
      parentId: '0000000000000001',
      status: 'ERROR',
      statusMessage: 'rate limited',
      spanType: 'LLM',
      hasError: true,
    });
    expect(child?.startMs).toBeCloseTo(50, 3);
    expect(child?.events[0]?.offsetMs).toBeCloseTo(199, 3);
    expect(decodeAttribute(root?.rawAttributes['mlflow.spanInputs'])).toEqual({ q: 'hi' });
  });

  it('reads MLflow 3 spans (OpenTelemetry names, string nanoseconds, nested status)', () => {
    const data = parseTraceData({
      spans: [
        {
          trace_id: 'AAECAwQFBgcICQoLDA0ODw==',
          span_id: '3q2+7wEjRWc=',
          parent_span_id: '',
          name: 'root',
          start_time_unix_nano: String(T0),
          end_time_unix_nano: String(T0 + 10_000_000),
          status: { code: 'STATUS_CODE_ERROR', message: 'bad' },
          attributes: { 'mlflow.spanType': '"AGENT"' },
          events: [{ name: 'retry', time_unix_nano: String(T0 + 1_000_000), attributes: {} }],
        },
      ],
    });
    expect(data.spans[0]).toMatchObject({
      spanId: 'deadbeef01234567',
      otelTraceId: '000102030405060708090a0b0c0d0e0f',
      parentId: undefined,
      status: 'ERROR',
      statusMessage: 'bad',
      spanType: 'AGENT',
      hasError: true,
    });
    expect(data.durationMs).toBeCloseTo(10, 3);
  });

  it('links MLflow 3 children to their base64 parents by hex id', () => {
    const data = parseTraceData({
      spans: [
        { span_id: 'AAAAAAAAAAE=', name: 'root', start_time_unix_nano: String(T0) },
        { span_id: 'AAAAAAAAAAI=', parent_span_id: 'AAAAAAAAAAE=', name: 'child', start_time_unix_nano: String(T0 + 1) },
      ],
    });
    expect(data.spans.map((span) => [span.spanId, span.parentId])).toEqual([
      ['0000000000000001', undefined],
      ['0000000000000002', '0000000000000001'],
    ]);
  });

  it('keeps spans still running (no end) and unnamed spans; refuses data without spans', () => {
    const data = parseTraceData({ spans: [{ context: { span_id: 's' }, start_time: T0 }] });
    expect(data.spans[0]).toMatchObject({ name: '(unnamed span)', endMs: undefined, status: 'UNSET', spanType: 'UNKNOWN' });
    expect(data.spans[0] && spanDuration(data.spans[0])).toBeUndefined();
    expect(() => parseTraceData({ nope: 1 })).toThrow(/no spans/);
    expect(parseTraceData({ spans: [] })).toEqual({ spans: [], startEpochMs: undefined, durationMs: 0 });
  });

  it('decodes attribute values only when they are JSON', () => {
    expect(decodeAttribute('"x"')).toBe('x');
    expect(decodeAttribute('not json')).toBe('not json');
    expect(decodeAttribute(5)).toBe(5);
  });
});
