// The span data of a trace (the `traces.json` artifact that `get-trace-artifact` answers), read
// in both layouts MLflow writes: 2.x (`context.span_id`, `parent_id`, `start_time` in ns,
// `status_code`) and 3.x (OpenTelemetry-like `span_id`, `parent_span_id`, `start_time_unix_nano`,
// `status.code`). Attribute values are JSON-serialized by MLflow's client; they are decoded
// lazily (only the span a user opens), so a 5,000-span trace costs one JSON.parse. Span and
// trace ids become hex as MLflow's UI shows them (2.x writes `0x…`, 3.x base64).
import { spanIdToHex, traceIdToHex } from './span-ids';

export type SpanStatus = 'OK' | 'ERROR' | 'UNSET';

export interface SpanEvent {
  name: string;
  /** ms since the trace started. */
  offsetMs: number | undefined;
  attributes: Record<string, unknown>;
}

export interface TraceSpan {
  /** 16 hex characters for an OpenTelemetry id (any other id as written). */
  spanId: string;
  parentId: string | undefined;
  /** The OpenTelemetry trace id, 32 hex characters, when the span carries one. */
  otelTraceId: string | undefined;
  name: string;
  /** ms since the first span started. */
  startMs: number;
  /** ms since the first span started; undefined while the span runs. */
  endMs: number | undefined;
  status: SpanStatus;
  statusMessage: string;
  spanType: string;
  /** Raw attribute values as stored (mostly JSON strings); decode with `decodeAttribute`. */
  rawAttributes: Record<string, unknown>;
  events: SpanEvent[];
  /** Status ERROR, or an `exception` event. */
  hasError: boolean;
}

export interface TraceData {
  spans: TraceSpan[];
  /** Epoch ms of the first span's start. */
  startEpochMs: number | undefined;
  /** ms from the first start to the last end. */
  durationMs: number;
}

export const SPAN_ATTRIBUTES = {
  inputs: 'mlflow.spanInputs',
  outputs: 'mlflow.spanOutputs',
  spanType: 'mlflow.spanType',
  requestId: 'mlflow.traceRequestId',
} as const;

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const asString = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

/** A timestamp in ns (number or decimal string) as a number; precision past the microsecond does not matter here. */
function nanos(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
  if (typeof value === 'string' && value !== '') {
    const number = Number(value);
    return Number.isFinite(number) && number > 0 ? number : undefined;
  }
  return undefined;
}

/** Decodes one attribute value: MLflow stores JSON strings (`"\"CHAIN\""`); anything else is kept. */
export function decodeAttribute(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function statusOf(span: Json): { status: SpanStatus; message: string } {
  const nested = asObject(span.status);
  const raw = asString(span.status_code ?? nested.code).replace(/^STATUS_CODE_/, '');
  const message = asString(span.status_message ?? nested.message);
  if (raw === 'OK' || raw === '1') return { status: 'OK', message };
  if (raw === 'ERROR' || raw === '2') return { status: 'ERROR', message };
  return { status: 'UNSET', message };
}

interface RawSpan {
  span: Json;
  start: number | undefined;
  end: number | undefined;
}

/** Parses the trace data JSON (an object with `spans`); throws on anything else. */
export function parseTraceData(body: unknown): TraceData {
  const spansValue = asObject(body).spans;
  if (!Array.isArray(spansValue)) throw new Error('The trace data has no spans list');
  const raw: RawSpan[] = spansValue.map((value) => {
    const span = asObject(value);
    return { span, start: nanos(span.start_time ?? span.start_time_unix_nano), end: nanos(span.end_time ?? span.end_time_unix_nano) };
  });
  let first = Infinity;
  let last = -Infinity;
  for (const { start, end } of raw) {
    if (start !== undefined && start < first) first = start;
    const finish = end ?? start;
    if (finish !== undefined && finish > last) last = finish;
  }
  if (!Number.isFinite(first)) first = 0;
  const toMs = (ns: number) => (ns - first) / 1e6;
  const spans = raw.map(({ span, start, end }, index): TraceSpan => {
    const context = asObject(span.context);
    const attributes = asObject(span.attributes);
    const { status, message } = statusOf(span);
    const events = (Array.isArray(span.events) ? span.events : []).map((value): SpanEvent => {
      const event = asObject(value);
      const time = nanos(event.timestamp ?? event.time_unix_nano);
      return { name: asString(event.name), offsetMs: time === undefined ? undefined : toMs(time), attributes: asObject(event.attributes) };
    });
    const spanType = decodeAttribute(attributes[SPAN_ATTRIBUTES.spanType]);
    return {
      spanId: spanIdToHex(asString(context.span_id ?? span.span_id)) || `span-${index}`,
      parentId: spanIdToHex(asString(span.parent_id ?? span.parent_span_id)) || undefined,
      otelTraceId: traceIdToHex(asString(context.trace_id ?? span.trace_id)) || undefined,
      name: asString(span.name) || '(unnamed span)',
      startMs: start === undefined ? 0 : toMs(start),
      endMs: end === undefined ? undefined : toMs(end),
      status,
      statusMessage: message,
      spanType: typeof spanType === 'string' && spanType ? spanType : 'UNKNOWN',
      rawAttributes: attributes,
      events,
      hasError: status === 'ERROR' || events.some((event) => event.name === 'exception'),
    };
  });
  return {
    spans,
    startEpochMs: raw.length > 0 && first > 0 ? first / 1e6 : undefined,
    durationMs: Number.isFinite(last) ? Math.max(0, toMs(last)) : 0,
  };
}

/** A span's duration in ms, or undefined while it runs. */
export function spanDuration(span: TraceSpan): number | undefined {
  return span.endMs === undefined ? undefined : Math.max(0, span.endMs - span.startMs);
}
