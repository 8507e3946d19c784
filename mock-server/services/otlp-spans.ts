// OTLP/HTTP span export (`POST /v1/traces`), as MLflow 3's server takes it: an
// ExportTraceServiceRequest in protobuf (decoded with protobufjs from the OTLP schema below) or in
// OTLP/JSON, for the experiment named by the `x-mlflow-experiment-id` header. Spans are grouped by
// trace; each trace's spans are merged into its traces.json (MLflow 3 span dicts) and its trace row
// follows the root span (time, duration, status, name, previews, token usage).
import type { FastifyRequest } from 'fastify';
import protobuf from 'protobufjs';
import { invalidParameter, MlflowError } from '../errors.js';
import type { ServerContext } from './server-context.js';
import { readTraceSpans, upsertTraceFromSpans, writeTraceData, type KeyValue, type TraceStatus } from './traces.js';
import { findTrace, withTraceMergeLock } from '../store/traces.js';

/** The OTLP trace schema (opentelemetry-proto, collector/trace/v1 and what it imports), only the messages a request holds. */
const OTLP_TRACE_PROTO = `
syntax = "proto3";
package opentelemetry.proto;
message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message Status { string message = 2; enum StatusCode { STATUS_CODE_UNSET = 0; STATUS_CODE_OK = 1; STATUS_CODE_ERROR = 2; } StatusCode code = 3; }
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string trace_state = 3;
  bytes parent_span_id = 4;
  fixed32 flags = 16;
  string name = 5;
  enum SpanKind { SPAN_KIND_UNSPECIFIED = 0; SPAN_KIND_INTERNAL = 1; SPAN_KIND_SERVER = 2; SPAN_KIND_CLIENT = 3; SPAN_KIND_PRODUCER = 4; SPAN_KIND_CONSUMER = 5; }
  SpanKind kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9;
  uint32 dropped_attributes_count = 10;
  message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
  repeated Event events = 11;
  uint32 dropped_events_count = 12;
  Status status = 15;
}
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }
message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
`;

/** The OTLP messages above (exported so tests can encode requests as exporters do). */
export const otlpRoot = protobuf.parse(OTLP_TRACE_PROTO, { keepCase: true }).root;
const ExportRequest = otlpRoot.lookupType('opentelemetry.proto.ExportTraceServiceRequest');
const ExportResponse = otlpRoot.lookupType('opentelemetry.proto.ExportTraceServiceResponse');

const SPAN_KINDS = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
];
const STATUS_CODES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];
/** Largest OTLP request accepted (a batch of spans with their inputs and outputs). */
export const MAX_OTLP_BODY_BYTES = 64 * 1024 * 1024;
const PREVIEW_LENGTH = 1000;
const TRACE_REQUEST_ID_ATTRIBUTE = 'mlflow.traceRequestId';

/** One span as this module reads it from either encoding. */
interface OtlpSpan {
  traceId: Buffer;
  spanId: Buffer;
  parentSpanId: Buffer;
  traceState: string;
  name: string;
  kind: string;
  startNs: bigint;
  endNs: bigint;
  attributes: Record<string, unknown>;
  events: { name: string; timeNs: bigint; attributes: Record<string, unknown> }[];
  status: { code: string; message: string };
}

export async function readOtlpBody(request: FastifyRequest): Promise<Buffer> {
  const body: unknown = request.body;
  if (Buffer.isBuffer(body)) return body;
  if (!body || typeof (body as NodeJS.ReadableStream).on !== 'function') return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_OTLP_BODY_BYTES)
      throw new MlflowError('PAYLOAD_TOO_LARGE', `The request body is larger than the limit of ${MAX_OTLP_BODY_BYTES / 1024 / 1024} MB.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

type Decoded = Record<string, unknown>;

function list(value: unknown): Decoded[] {
  return Array.isArray(value) ? value.filter((item): item is Decoded => typeof item === 'object' && item !== null) : [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Field by its proto name or its OTLP/JSON lowerCamelCase name. */
function field(object: Decoded, name: string): unknown {
  if (name in object) return object[name];
  return object[name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())];
}

function nanos(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return BigInt(Math.trunc(value));
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
  return 0n;
}

/** An AnyValue as plain JSON (int64 as a number, bytes as base64, as MLflow's converter does). */
function anyValue(value: unknown, fromJson: boolean): unknown {
  if (typeof value !== 'object' || value === null) return null;
  const object = value as Decoded;
  const scalar = (name: string): unknown => field(object, name);
  if (scalar('string_value') !== undefined) return scalar('string_value');
  if (scalar('bool_value') !== undefined) return scalar('bool_value');
  if (scalar('int_value') !== undefined) return Number(scalar('int_value'));
  if (scalar('double_value') !== undefined) return Number(scalar('double_value'));
  const array = scalar('array_value') as Decoded | undefined;
  if (array !== undefined) return list(array.values).map((item) => anyValue(item, fromJson));
  const kvlist = scalar('kvlist_value') as Decoded | undefined;
  if (kvlist !== undefined) return keyValues(kvlist.values, fromJson);
  const bytes = scalar('bytes_value');
  if (bytes !== undefined) return Buffer.isBuffer(bytes) || bytes instanceof Uint8Array ? Buffer.from(bytes).toString('base64') : bytes;
  return null;
}

function keyValues(value: unknown, fromJson: boolean): Record<string, unknown> {
  return Object.fromEntries(list(value).map((entry) => [text(entry.key), anyValue(entry.value, fromJson)]));
}

/** Span ids: bytes in protobuf, hex strings in OTLP/JSON. */
function idBytes(value: unknown, fromJson: boolean, what: string): Buffer {
  if (value === undefined || value === null || value === '') return Buffer.alloc(0);
  if (fromJson) {
    if (typeof value !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(value))
      throw invalidParameter(`Invalid ${what} ${JSON.stringify(value)}: OTLP/JSON ids are hex strings.`);
    return Buffer.from(value, 'hex');
  }
  return Buffer.from(value as Uint8Array);
}

function enumName(value: unknown, names: readonly string[]): string {
  if (typeof value === 'string') return value;
  return names[typeof value === 'number' ? value : 0] ?? names[0] ?? '';
}

function readSpans(request: Decoded, fromJson: boolean): OtlpSpan[] {
  return list(field(request, 'resource_spans')).flatMap((resourceSpans) =>
    list(field(resourceSpans, 'scope_spans')).flatMap((scopeSpans) =>
      list(scopeSpans.spans).map((span): OtlpSpan => {
        const traceId = idBytes(field(span, 'trace_id'), fromJson, 'trace_id');
        const spanId = idBytes(field(span, 'span_id'), fromJson, 'span_id');
        if (traceId.length !== 16 || spanId.length !== 8)
          throw invalidParameter('Every span needs a 16-byte trace_id and an 8-byte span_id.');
        const status = (span.status ?? {}) as Decoded;
        return {
          traceId,
          spanId,
          parentSpanId: idBytes(field(span, 'parent_span_id'), fromJson, 'parent_span_id'),
          traceState: text(field(span, 'trace_state')),
          name: text(span.name),
          kind: enumName(span.kind, SPAN_KINDS),
          startNs: nanos(field(span, 'start_time_unix_nano')),
          endNs: nanos(field(span, 'end_time_unix_nano')),
          attributes: keyValues(span.attributes, fromJson),
          events: list(span.events).map((event) => ({
            name: text(event.name),
            timeNs: nanos(field(event, 'time_unix_nano')),
            attributes: keyValues(event.attributes, fromJson),
          })),
          status: { code: enumName(status.code, STATUS_CODES), message: text(status.message) },
        };
      }),
    ),
  );
}

function decodeRequest(contentType: string | undefined, body: Buffer): { spans: OtlpSpan[]; json: boolean } {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw invalidParameter('The OTLP/JSON request body is not valid JSON.');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw invalidParameter('The OTLP/JSON request body must be an ExportTraceServiceRequest object.');
    return { spans: readSpans(parsed as Decoded, true), json: true };
  }
  if (type === 'application/x-protobuf' || type === 'application/protobuf') {
    let decoded: Decoded;
    try {
      const message = ExportRequest.decode(body);
      decoded = ExportRequest.toObject(message, { longs: String, enums: Number, defaults: false });
    } catch (error) {
      throw invalidParameter(`Invalid OTLP protobuf payload: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { spans: readSpans(decoded, false), json: false };
  }
  throw new MlflowError(
    'BAD_REQUEST',
    `Unsupported Content-Type ${JSON.stringify(contentType ?? '')}: send application/x-protobuf or application/json.`,
    415,
  );
}

// ---------------------------------------------------------------------------------------------
// Spans to MLflow 3 span dicts and trace summaries
// ---------------------------------------------------------------------------------------------

/** Attribute values as MLflow stores them: JSON text (MLflow's own spans already send JSON strings). */
function jsonAttribute(value: unknown): string {
  if (typeof value === 'string') {
    try {
      JSON.parse(value);
      return value;
    } catch {
      return JSON.stringify(value);
    }
  }
  return JSON.stringify(value);
}

function jsonAttributes(attributes: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(attributes).map(([key, value]) => [key, jsonAttribute(value)]));
}

/** MLflow 3's Span.to_dict shape: ids in base64, times in nanoseconds, attributes as JSON text. */
function toSpanDict(span: OtlpSpan): Record<string, unknown> {
  return {
    trace_id: span.traceId.toString('base64'),
    span_id: span.spanId.toString('base64'),
    trace_state: span.traceState,
    parent_span_id: span.parentSpanId.length > 0 ? span.parentSpanId.toString('base64') : '',
    name: span.name,
    start_time_unix_nano: Number(span.startNs),
    end_time_unix_nano: Number(span.endNs),
    attributes: jsonAttributes(span.attributes),
    events: span.events.map((event) => ({
      name: event.name,
      time_unix_nano: Number(event.timeNs),
      attributes: jsonAttributes(event.attributes),
    })),
    status: { code: span.status.code, message: span.status.message },
    kind: span.kind,
  };
}

function parsedAttribute(span: Record<string, unknown>, key: string): unknown {
  const raw = (span.attributes as Record<string, unknown> | undefined)?.[key];
  if (typeof raw !== 'string') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function preview(span: Record<string, unknown>, key: string): string | undefined {
  const raw = (span.attributes as Record<string, unknown> | undefined)?.[key];
  return typeof raw === 'string' ? raw.slice(0, PREVIEW_LENGTH) : undefined;
}

/** Sums `mlflow.chat.tokenUsage` of every span into the trace's `mlflow.trace.tokenUsage`, as MLflow 3 does. */
function tokenUsage(spans: readonly Record<string, unknown>[]): KeyValue[] {
  const total = { input_tokens: 0, output_tokens: 0, total_tokens: 0 };
  let found = false;
  for (const span of spans) {
    const usage = parsedAttribute(span, 'mlflow.chat.tokenUsage');
    if (typeof usage !== 'object' || usage === null) continue;
    found = true;
    for (const key of Object.keys(total) as (keyof typeof total)[]) {
      const value = (usage as Record<string, unknown>)[key];
      if (typeof value === 'number') total[key] += value;
    }
  }
  return found ? [{ key: 'mlflow.trace.tokenUsage', value: JSON.stringify(total) }] : [];
}

function traceIdOf(spans: readonly OtlpSpan[]): string {
  for (const span of spans) {
    const fromAttribute = span.attributes[TRACE_REQUEST_ID_ATTRIBUTE];
    if (typeof fromAttribute === 'string') {
      const value = jsonAttribute(fromAttribute);
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed === 'string' && parsed !== '') return parsed;
    }
  }
  return `tr-${(spans[0] as OtlpSpan).traceId.toString('hex')}`;
}

const STATUS_OF_CODE: Readonly<Record<string, TraceStatus>> = { STATUS_CODE_ERROR: 'ERROR', STATUS_CODE_OK: 'OK', STATUS_CODE_UNSET: 'OK' };

// A trace's spans often come in several batches close together. The database lock keeps merges of
// one trace apart across processes; this queue keeps this process's waiters from each holding a
// pooled connection while they wait for it.
const pending = new Map<string, Promise<void>>();

function storeTrace(context: ServerContext, experimentId: string, requestId: string, incoming: OtlpSpan[]): Promise<void> {
  return withTraceMergeLock(context.db, requestId, (trx) => mergeSpans({ ...context, db: trx }, experimentId, requestId, incoming));
}

async function mergeSpans(context: ServerContext, experimentId: string, requestId: string, incoming: OtlpSpan[]): Promise<void> {
  const previous = (await findTrace(context.db, requestId)) ? await readTraceSpans(context, requestId) : [];
  const bySpanId = new Map(previous.map((span) => [String(span.span_id), span]));
  for (const span of incoming) bySpanId.set(span.spanId.toString('base64'), toSpanDict(span));
  const isRoot = (span: Record<string, unknown>): boolean => span.parent_span_id === '' || span.parent_span_id === undefined;
  // By start time; a root starting in the same instant as its children comes first.
  const spans = [...bySpanId.values()].sort(
    (a, b) => Number(a.start_time_unix_nano) - Number(b.start_time_unix_nano) || Number(isRoot(b)) - Number(isRoot(a)),
  );
  const rootSpan = spans.find(isRoot);
  const earliest = Math.min(...spans.map((span) => Number(span.start_time_unix_nano)));
  const start = rootSpan ? Number(rootSpan.start_time_unix_nano) : earliest;
  const end = rootSpan ? Number(rootSpan.end_time_unix_nano) : 0;
  const requestPreview = rootSpan ? preview(rootSpan, 'mlflow.spanInputs') : undefined;
  const responsePreview = rootSpan ? preview(rootSpan, 'mlflow.spanOutputs') : undefined;
  await upsertTraceFromSpans(context.db, {
    experimentId,
    requestId,
    timestampMs: Math.floor(start / 1e6),
    ...(rootSpan && end > 0 ? { executionTimeMs: Math.max(0, Math.round((end - start) / 1e6)) } : {}),
    status: rootSpan ? (STATUS_OF_CODE[String((rootSpan.status as { code?: unknown }).code)] ?? 'OK') : 'IN_PROGRESS',
    ...(rootSpan ? { name: String(rootSpan.name) } : {}),
    ...(requestPreview !== undefined ? { requestPreview } : {}),
    ...(responsePreview !== undefined ? { responsePreview } : {}),
    metadata: [{ key: 'mlflow.trace_schema.version', value: '3' }, ...tokenUsage(spans)],
  });
  await writeTraceData(context, requestId, { spans });
}

export interface OtlpRequest {
  experimentId: string | undefined;
  contentType: string | undefined;
  body: Buffer;
}

/** Stores the spans of an OTLP export request; answers an empty ExportTraceServiceResponse in the request's encoding. */
export async function ingestOtlpSpans(
  context: ServerContext,
  request: OtlpRequest,
): Promise<{ contentType: string; body: Buffer | string }> {
  if (!request.experimentId) throw invalidParameter('Missing header x-mlflow-experiment-id: name the experiment the spans belong to.');
  const experimentId = request.experimentId;
  const { spans, json } = decodeRequest(request.contentType, request.body);
  const byTrace = new Map<string, OtlpSpan[]>();
  for (const span of spans) {
    const key = span.traceId.toString('hex');
    byTrace.set(key, [...(byTrace.get(key) ?? []), span]);
  }
  for (const traceSpans of byTrace.values()) {
    const requestId = traceIdOf(traceSpans);
    const before = pending.get(requestId) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(() => storeTrace(context, experimentId, requestId, traceSpans));
    pending.set(requestId, run);
    try {
      await run;
    } finally {
      if (pending.get(requestId) === run) pending.delete(requestId);
    }
  }
  if (json) return { contentType: 'application/json', body: '{}' };
  return { contentType: 'application/x-protobuf', body: Buffer.from(ExportResponse.encode(ExportResponse.create({})).finish()) };
}
