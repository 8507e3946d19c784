// Trace endpoints: MLflow 2.x (`/api/2.0/mlflow/traces...`, `get-trace-artifact`), MLflow 3.x
// (`/api/3.0/mlflow/traces...`) and the OTLP span export (`POST /v1/traces`). Parse and validate,
// call the service, reply.
// Not answered (404): GetTrace / BatchGetTraces (`traces/get`, `traces/batchGet`: MLflow serves them
// only for spans kept in its database; ours are traces.json artifacts, which clients download),
// assessments, LinkPromptsToTrace (prompts are not stored), CalculateTraceFilterCorrelation and
// QueryTraceMetrics (span-level analytics over a spans table we do not keep).
import { percentDecode } from '../artifacts/artifact-path.js';
import { MlflowError } from '../errors.js';
import { parseQueryString } from '../http/body.js';
import { invalidValue, missingValue, type RequestInput } from '../http/request-input.js';
import type { Endpoint } from '../http/router.js';
import type { ServerContext } from '../services/server-context.js';
import * as traces from '../services/traces.js';
import { ingestOtlpSpans, readOtlpBody } from '../services/otlp-spans.js';
import { limitedExperimentIds, limitedFilter, limitedOrderBy } from '../services/validation.js';

/** `[{key, value}]` (MLflow 2.x TraceRequestMetadata / TraceTag lists). */
function readKeyValues(input: RequestInput, name: string): traces.KeyValue[] {
  return input.objectList(name).map((entry) => {
    const { key, value } = entry;
    if (typeof key !== 'string' || key === '') throw missingValue(`${name}.key`);
    if (value !== undefined && value !== null && typeof value !== 'string') throw invalidValue(`${name}.value`, value);
    return { key, value: value ?? '' };
  });
}

/** `{key: value}` (MLflow 3.x protobuf maps). */
function readMap(value: unknown, name: string): traces.KeyValue[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidValue(name, value);
  return Object.entries(value as Record<string, unknown>).map(([key, item]) => {
    if (typeof item !== 'string') throw invalidValue(`${name}.${key}`, item);
    return { key, value: item };
  });
}

function idOf(pathParams: Record<string, string>, name: string): string {
  const id = percentDecode(pathParams[name] ?? '');
  if (id === '') throw missingValue(name);
  return id;
}

function readStatus(input: RequestInput): traces.TraceStatus {
  return input.enumValue('status', traces.TRACE_STATUSES, 0) ?? 'TRACE_STATUS_UNSPECIFIED';
}

/** Protobuf JSON of a google.protobuf.Timestamp (RFC 3339) as epoch milliseconds. */
function readTimestamp(value: unknown, name: string): number {
  if (typeof value !== 'string') throw invalidValue(name, value);
  const parsed = Date.parse(value);
  if (!/^\d{4}-\d\d-\d\dT/.test(value) || Number.isNaN(parsed)) throw invalidValue(name, value);
  return parsed;
}

/** Protobuf JSON of a google.protobuf.Duration ("1.5s") as milliseconds. */
function readDuration(value: unknown, name: string): number {
  const match = typeof value === 'string' ? /^(-?\d+)(\.\d{1,9})?s$/.exec(value) : null;
  if (!match) throw invalidValue(name, value);
  return Math.round(Number(`${match[1] ?? '0'}${match[2] ?? ''}`) * 1000);
}

function readState(value: unknown): traces.TraceStatus {
  if (value === undefined || value === null) return 'TRACE_STATUS_UNSPECIFIED';
  const index = typeof value === 'number' ? value : (traces.TRACE_STATES as readonly unknown[]).indexOf(value);
  const status = traces.TRACE_STATUSES[index];
  if (status === undefined) throw invalidValue('trace.trace_info.state', value);
  return status;
}

function optionalText(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidValue(name, value);
  return value;
}

/** StartTraceV3's `trace.trace_info` (TraceInfoV3). */
function readTraceInfoV3(input: RequestInput): traces.StartTraceInput {
  const trace = input.raw('trace');
  if (trace === undefined || trace === null) throw missingValue('trace');
  if (typeof trace !== 'object' || Array.isArray(trace)) throw invalidValue('trace', trace);
  const info = (trace as Record<string, unknown>).trace_info;
  if (info === undefined || info === null) throw missingValue('trace.trace_info');
  if (typeof info !== 'object' || Array.isArray(info)) throw invalidValue('trace.trace_info', info);
  const fields = info as Record<string, unknown>;
  const location = fields.trace_location as { type?: unknown; mlflow_experiment?: { experiment_id?: unknown } } | undefined;
  const experimentId = location?.mlflow_experiment?.experiment_id;
  if (typeof experimentId !== 'string' || experimentId === '')
    throw missingValue('trace.trace_info.trace_location.mlflow_experiment.experiment_id');
  if (location?.type !== undefined && location.type !== 'MLFLOW_EXPERIMENT') {
    throw new MlflowError(
      'INVALID_PARAMETER_VALUE',
      `Unsupported trace location type ${JSON.stringify(location.type)}: this server stores traces in MLflow experiments only.`,
    );
  }
  const traceId = optionalText(fields.trace_id, 'trace.trace_info.trace_id');
  if (traceId === undefined || traceId === '') throw missingValue('trace.trace_info.trace_id');
  if (fields.request_time === undefined || fields.request_time === null) throw missingValue('trace.trace_info.request_time');
  const executionDuration = fields.execution_duration;
  const clientRequestId = optionalText(fields.client_request_id, 'trace.trace_info.client_request_id');
  // MLflow 3.0 named the previews `request` / `response`.
  const requestPreview = optionalText(fields.request_preview ?? fields.request, 'trace.trace_info.request_preview');
  const responsePreview = optionalText(fields.response_preview ?? fields.response, 'trace.trace_info.response_preview');
  return {
    experimentId,
    requestId: traceId,
    timestampMs: readTimestamp(fields.request_time, 'trace.trace_info.request_time'),
    ...(executionDuration === undefined || executionDuration === null
      ? {}
      : { executionTimeMs: readDuration(executionDuration, 'trace.trace_info.execution_duration') }),
    status: readState(fields.state),
    ...(clientRequestId !== undefined ? { clientRequestId } : {}),
    ...(requestPreview !== undefined ? { requestPreview } : {}),
    ...(responsePreview !== undefined ? { responsePreview } : {}),
    metadata: readMap(fields.trace_metadata, 'trace.trace_info.trace_metadata'),
    tags: readMap(fields.tags, 'trace.trace_info.tags'),
  };
}

/** SearchTracesV3 names experiments through `locations`; `experiment_ids` is accepted too. */
function readV3ExperimentIds(input: RequestInput): string[] {
  const fromLocations = input.objectList('locations').map((location) => {
    const id = (location.mlflow_experiment as { experiment_id?: unknown } | undefined)?.experiment_id;
    if (typeof id !== 'string' || id === '') throw missingValue('locations.mlflow_experiment.experiment_id');
    return id;
  });
  return [...fromLocations, ...input.stringList('experiment_ids')];
}

function readSearch(input: RequestInput, experimentIds: string[]): traces.SearchTracesInput {
  const ids = limitedExperimentIds(experimentIds);
  if (ids.length === 0) throw missingValue('experiment_ids');
  const filter = limitedFilter(input.string('filter'));
  const maxResults = input.int('max_results');
  const pageToken = input.string('page_token');
  return {
    experimentIds: ids,
    ...(filter !== undefined ? { filter } : {}),
    ...(maxResults !== undefined ? { maxResults } : {}),
    orderBy: limitedOrderBy(input.stringList('order_by')),
    ...(pageToken ? { pageToken } : {}),
  };
}

function readDeletion(input: RequestInput): traces.DeleteTracesInput {
  const maxTimestampMillis = input.int('max_timestamp_millis');
  const maxTraces = input.int('max_traces');
  // MLflow 3 clients may name them trace_ids.
  const requestIds = [...input.stringList('request_ids'), ...input.stringList('trace_ids')];
  return {
    experimentId: input.requiredString('experiment_id'),
    ...(maxTimestampMillis !== undefined ? { maxTimestampMillis } : {}),
    ...(maxTraces !== undefined ? { maxTraces } : {}),
    ...(requestIds.length > 0 ? { requestIds } : {}),
  };
}

export function traceEndpoints(context: ServerContext): Endpoint[] {
  const { db } = context;
  const v2AndV3 = ['2.0', '3.0'];
  return [
    // ---- MLflow 2.x ----
    {
      method: 'POST',
      path: '/mlflow/traces',
      handler: async ({ input }) => ({
        trace_info: await traces.startTrace(db, {
          experimentId: input.requiredString('experiment_id'),
          timestampMs: input.int('timestamp_ms') ?? Date.now(),
          metadata: readKeyValues(input, 'request_metadata'),
          tags: readKeyValues(input, 'tags'),
        }),
      }),
    },
    {
      method: 'GET',
      path: '/mlflow/traces',
      handler: ({ input }) => traces.searchTraces(db, readSearch(input, input.stringList('experiment_ids'))),
    },
    {
      method: 'PATCH',
      path: '/mlflow/traces/:request_id',
      handler: async ({ input, pathParams }) => ({
        trace_info: await traces.endTrace(db, idOf(pathParams, 'request_id'), {
          timestampMs: input.int('timestamp_ms') ?? Date.now(),
          status: readStatus(input),
          metadata: readKeyValues(input, 'request_metadata'),
          tags: readKeyValues(input, 'tags'),
        }),
      }),
    },
    {
      method: 'GET',
      path: '/mlflow/traces/:request_id/info',
      handler: async ({ pathParams }) => ({ trace_info: await traces.getTraceInfo(db, idOf(pathParams, 'request_id')) }),
    },
    {
      method: 'POST',
      path: '/mlflow/traces/delete-traces',
      versions: v2AndV3,
      handler: async ({ input }) => ({ traces_deleted: await traces.deleteTraces(context, readDeletion(input)) }),
    },
    {
      method: 'PATCH',
      path: '/mlflow/traces/:request_id/tags',
      versions: v2AndV3,
      handler: async ({ input, pathParams }) => {
        await traces.setTraceTag(db, idOf(pathParams, 'request_id'), {
          key: input.requiredString('key'),
          value: input.string('value') ?? '',
        });
        return {};
      },
    },
    {
      method: 'DELETE',
      path: '/mlflow/traces/:request_id/tags',
      versions: v2AndV3,
      handler: async ({ input, request, pathParams }) => {
        // The key comes in the JSON body (MLflow's clients) or, from other callers, in the query string.
        const key = input.string('key') || parseQueryString(request.url).key?.[0];
        if (!key) throw missingValue('key');
        await traces.deleteTraceTag(db, idOf(pathParams, 'request_id'), key);
        return {};
      },
    },
    {
      method: 'GET',
      path: '/mlflow/get-trace-artifact',
      ajaxOnly: true,
      handler: async ({ input, reply }) => {
        const requestId = input.string('request_id');
        if (!requestId) throw new MlflowError('INVALID_PARAMETER_VALUE', 'Request must specify "request_id".');
        const data = await traces.openTraceData(context, requestId);
        return reply
          .code(200)
          .header('content-type', 'application/octet-stream')
          .header('content-length', String(data.size))
          .header('content-disposition', `attachment; filename=${traces.TRACE_DATA_FILE}`)
          .send(data.stream);
      },
    },
    // ---- MLflow 3.x ----
    {
      method: 'POST',
      path: '/mlflow/traces',
      versions: ['3.0'],
      handler: async ({ input }) => ({ trace: { trace_info: await traces.startTraceV3(db, readTraceInfoV3(input)) } }),
    },
    {
      method: 'GET',
      path: '/mlflow/traces/:trace_id',
      versions: ['3.0'],
      handler: async ({ pathParams }) => ({ trace: { trace_info: await traces.getTraceInfoV3(db, idOf(pathParams, 'trace_id')) } }),
    },
    {
      method: 'POST',
      path: '/mlflow/traces/batchGetInfos',
      versions: ['3.0'],
      handler: async ({ input }) => {
        const infos = await traces.batchGetTraceInfosV3(db, input.stringList('trace_ids'), input.stringList('experiment_ids'));
        // Protobuf JSON leaves an empty repeated field out.
        return infos.length > 0 ? { trace_infos: infos } : {};
      },
    },
    {
      method: 'POST',
      path: '/mlflow/traces/link-to-run',
      versions: v2AndV3,
      handler: async ({ input }) => {
        await traces.linkTracesToRun(db, input.stringList('trace_ids'), input.requiredString('run_id'));
        return {};
      },
    },
    {
      method: 'POST',
      path: '/mlflow/traces/search',
      versions: ['3.0'],
      handler: ({ input }) => traces.searchTracesV3(db, readSearch(input, readV3ExperimentIds(input))),
    },
    // ---- OTLP/HTTP span export (OpenTelemetry SDKs, MLflow 3.x) ----
    {
      method: 'POST',
      path: '/v1/traces',
      absolute: true,
      rawBody: true,
      handler: async ({ request, reply }) => {
        const body = await readOtlpBody(request);
        const experimentId = request.headers['x-mlflow-experiment-id'];
        const response = await ingestOtlpSpans(context, {
          experimentId: typeof experimentId === 'string' ? experimentId : undefined,
          contentType: request.headers['content-type'],
          body,
        });
        return reply.code(200).header('content-type', response.contentType).send(response.body);
      },
    },
  ];
}
