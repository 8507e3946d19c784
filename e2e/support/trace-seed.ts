// Logs traces over MLflow's REST API the way MLflow 2.x's tracing client does: StartTrace
// (POST traces) with the trace name and source run, the span data uploaded as `traces.json` under
// the trace's `mlflow.artifactLocation`, then EndTrace (PATCH traces/{request_id}) with the status
// and the request/response previews. Spans use MLflow 2.x's span JSON (context ids, ns times,
// JSON-serialized attribute values). Plain fetch, so specs and benchmarks share it.

export interface SeedSpanEvent {
  name: string;
  offsetMs: number;
  attributes: Record<string, unknown>;
}

export interface SeedSpan {
  id: string;
  parent?: string;
  name: string;
  /** ms from the trace's start. */
  startMs: number;
  endMs: number;
  type?: string;
  status?: 'OK' | 'ERROR';
  statusMessage?: string;
  inputs?: unknown;
  outputs?: unknown;
  attributes?: Record<string, unknown>;
  events?: SeedSpanEvent[];
}

export interface SeedTrace {
  experimentId: string;
  name: string;
  /** Epoch ms. */
  timestampMs: number;
  /** ms; the root span's duration when omitted. */
  executionTimeMs?: number;
  status: 'OK' | 'ERROR';
  runId?: string;
  tags?: Record<string, string>;
  request?: unknown;
  response?: unknown;
  totalTokens?: number;
  /** Without spans, no trace data is uploaded (a list-only trace). */
  spans?: SeedSpan[];
}

async function send<T>(base: string, method: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** The trace data JSON MLflow 2.x writes (`Trace.data.to_dict()`). */
export function traceDataJson(requestId: string, trace: SeedTrace): string {
  const startNs = BigInt(trace.timestampMs) * 1_000_000n;
  const ns = (ms: number) => Number(startNs + BigInt(Math.round(ms * 1e6)));
  const traceHex = `0x${[...requestId]
    .map((char) => char.charCodeAt(0).toString(16))
    .join('')
    .padStart(32, '0')
    .slice(-32)}`;
  const hexIds = new Map((trace.spans ?? []).map((span, index) => [span.id, `0x${(index + 1).toString(16).padStart(16, '0')}`]));
  const spans = (trace.spans ?? []).map((span) => ({
    name: span.name,
    context: { span_id: hexIds.get(span.id), trace_id: traceHex },
    parent_id: span.parent === undefined ? null : (hexIds.get(span.parent) ?? null),
    start_time: ns(span.startMs),
    end_time: ns(span.endMs),
    status_code: span.status ?? 'OK',
    status_message: span.statusMessage ?? '',
    attributes: {
      'mlflow.traceRequestId': JSON.stringify(requestId),
      'mlflow.spanType': JSON.stringify(span.type ?? 'UNKNOWN'),
      ...(span.inputs === undefined ? {} : { 'mlflow.spanInputs': JSON.stringify(span.inputs) }),
      ...(span.outputs === undefined ? {} : { 'mlflow.spanOutputs': JSON.stringify(span.outputs) }),
      ...Object.fromEntries(Object.entries(span.attributes ?? {}).map(([key, value]) => [key, JSON.stringify(value)])),
    },
    events: (span.events ?? []).map((event) => ({ name: event.name, timestamp: ns(event.offsetMs), attributes: event.attributes })),
  }));
  return JSON.stringify({ spans, request: JSON.stringify(trace.request ?? null), response: JSON.stringify(trace.response ?? null) });
}

/** Logs one trace; returns its request id. */
export async function logTrace(base: string, trace: SeedTrace): Promise<string> {
  const started = await send<{ trace_info: { request_id: string; tags?: { key: string; value: string }[] } }>(
    base,
    'POST',
    '/api/2.0/mlflow/traces',
    {
      experiment_id: trace.experimentId,
      timestamp_ms: trace.timestampMs,
      request_metadata: [
        { key: 'mlflow.trace_schema.version', value: '2' },
        ...(trace.runId ? [{ key: 'mlflow.sourceRun', value: trace.runId }] : []),
      ],
      tags: [{ key: 'mlflow.traceName', value: trace.name }, ...Object.entries(trace.tags ?? {}).map(([key, value]) => ({ key, value }))],
    },
  );
  const requestId = started.trace_info.request_id;
  if (trace.spans) {
    const location = started.trace_info.tags?.find((tag) => tag.key === 'mlflow.artifactLocation')?.value ?? '';
    const prefix = 'mlflow-artifacts:/';
    if (!location.startsWith(prefix)) throw new Error(`unexpected trace artifact location ${location}`);
    const response = await fetch(`${base}/api/2.0/mlflow-artifacts/artifacts/${location.slice(prefix.length)}/traces.json`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: traceDataJson(requestId, trace),
    });
    if (!response.ok) throw new Error(`traces.json upload answered ${response.status}`);
  }
  const root = trace.spans?.find((span) => span.parent === undefined);
  const duration = trace.executionTimeMs ?? (root ? root.endMs - root.startMs : 0);
  await send(base, 'PATCH', `/api/2.0/mlflow/traces/${requestId}`, {
    request_id: requestId,
    timestamp_ms: trace.timestampMs + duration,
    status: trace.status,
    request_metadata: [
      { key: 'mlflow.traceInputs', value: JSON.stringify(trace.request ?? null).slice(0, 250) },
      { key: 'mlflow.traceOutputs', value: JSON.stringify(trace.response ?? null).slice(0, 250) },
      ...(trace.totalTokens === undefined ? [] : [{ key: 'total_tokens', value: String(trace.totalTokens) }]),
    ],
    tags: [],
  });
  return requestId;
}
