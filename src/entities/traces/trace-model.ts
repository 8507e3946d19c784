// MLflow traces: the wire shape of the trace endpoints (TraceInfo of MLflow 2.x, with the field
// names MLflow 3 uses read too, so the UI also works through --proxy-to a 3.x server) and the one
// camelCase model every feature reads, plus the query-key factory.
import { wireInt } from '../../lib/api-client';
import type { KeyValue, WireNumber } from '../../lib/mlflow/wire-types';

export type TraceStatus = 'OK' | 'ERROR' | 'IN_PROGRESS' | 'UNSPECIFIED';

/** TraceInfo as `GET traces` and `GET traces/{request_id}/info` answer it. */
export interface TraceInfoWire {
  request_id?: string;
  /** MLflow 3 names the id `trace_id`. */
  trace_id?: string;
  experiment_id?: string;
  timestamp_ms?: WireNumber;
  execution_time_ms?: WireNumber;
  /** TRACE_STATUS_UNSPECIFIED | OK | ERROR | IN_PROGRESS (MLflow 3: `state`). */
  status?: string;
  state?: string;
  request_metadata?: KeyValue[];
  tags?: KeyValue[];
  request_preview?: string;
  response_preview?: string;
}

/** Request metadata and tag keys MLflow's tracing client writes. */
export const TRACE_KEYS = {
  sourceRun: 'mlflow.sourceRun',
  inputs: 'mlflow.traceInputs',
  outputs: 'mlflow.traceOutputs',
  tokenUsage: 'mlflow.trace.tokenUsage',
  totalTokens: 'total_tokens',
  traceName: 'mlflow.traceName',
} as const;

export interface TraceInfo {
  traceId: string;
  experimentId: string;
  /** Start, epoch ms. */
  timestamp: number | undefined;
  /** Latency in ms (undefined while in progress). */
  executionTime: number | undefined;
  status: TraceStatus;
  name: string | undefined;
  /** The run the trace was logged under (`mlflow.sourceRun` metadata), if any. */
  runId: string | undefined;
  /** Request and response previews: the JSON MLflow stores, truncated by the client. */
  requestPreview: string;
  responsePreview: string;
  totalTokens: number | undefined;
  metadata: KeyValue[];
  tags: KeyValue[];
}

function statusOf(wire: TraceInfoWire): TraceStatus {
  const raw = (wire.status ?? wire.state ?? '').replace(/^(TRACE_STATUS_|STATE_)/, '');
  return raw === 'OK' || raw === 'ERROR' || raw === 'IN_PROGRESS' ? raw : 'UNSPECIFIED';
}

/**
 * A preview as one line: MLflow stores them as JSON (`{"question": "…"}`), often with
 * non-ASCII characters escaped; re-serializing unescapes them. Truncated JSON stays as it is.
 */
export function previewText(raw: string | undefined): string {
  if (!raw) return '';
  try {
    return JSON.stringify(JSON.parse(raw));
  } catch {
    return raw;
  }
}

/** Total tokens from MLflow 3's `mlflow.trace.tokenUsage` JSON or the `total_tokens` metadata MLflow's 2.x UI reads. */
function totalTokensOf(metadata: ReadonlyMap<string, string | undefined>): number | undefined {
  const usage = metadata.get(TRACE_KEYS.tokenUsage);
  if (usage) {
    try {
      const parsed = JSON.parse(usage) as { total_tokens?: unknown; input_tokens?: unknown; output_tokens?: unknown };
      if (typeof parsed.total_tokens === 'number') return parsed.total_tokens;
      if (typeof parsed.input_tokens === 'number' && typeof parsed.output_tokens === 'number')
        return parsed.input_tokens + parsed.output_tokens;
    } catch {
      // Not JSON: fall back to total_tokens.
    }
  }
  const total = Number(metadata.get(TRACE_KEYS.totalTokens));
  return metadata.has(TRACE_KEYS.totalTokens) && Number.isFinite(total) ? total : undefined;
}

export function toTraceInfo(wire: TraceInfoWire): TraceInfo {
  const metadata = wire.request_metadata ?? [];
  const tags = wire.tags ?? [];
  const metadataMap = new Map(metadata.map((item) => [item.key, item.value]));
  const tagMap = new Map(tags.map((item) => [item.key, item.value]));
  return {
    traceId: wire.request_id ?? wire.trace_id ?? '',
    experimentId: wire.experiment_id ?? '',
    timestamp: wireInt(wire.timestamp_ms),
    executionTime: wireInt(wire.execution_time_ms),
    status: statusOf(wire),
    name: tagMap.get(TRACE_KEYS.traceName) || undefined,
    runId: metadataMap.get(TRACE_KEYS.sourceRun) || undefined,
    requestPreview: previewText(wire.request_preview ?? metadataMap.get(TRACE_KEYS.inputs)),
    responsePreview: previewText(wire.response_preview ?? metadataMap.get(TRACE_KEYS.outputs)),
    totalTokens: totalTokensOf(metadataMap),
    metadata,
    tags,
  };
}

/** Tags a user set (not MLflow's own `mlflow.*` ones), for tables. */
export function userTraceTags(trace: TraceInfo): KeyValue[] {
  return trace.tags.filter((tag) => !tag.key.startsWith('mlflow.'));
}

/** Sort orders the UI offers, as MLflow's trace `order_by` strings. */
export type TraceOrder = 'time-desc' | 'time-asc' | 'latency-desc' | 'latency-asc';

export const TRACE_ORDER_BY: Readonly<Record<TraceOrder, string>> = {
  'time-desc': 'timestamp_ms DESC',
  'time-asc': 'timestamp_ms ASC',
  'latency-desc': 'execution_time_ms DESC',
  'latency-asc': 'execution_time_ms ASC',
};

export function isTraceOrder(value: string | null | undefined): value is TraceOrder {
  return value !== null && value !== undefined && value in TRACE_ORDER_BY;
}

/** MLflow's filter for the traces of one run (what MLflow's own UI sends). */
export function runTracesFilter(runId: string): string {
  return `request_metadata.\`${TRACE_KEYS.sourceRun}\` = '${runId.replace(/'/g, "\\'")}'`;
}

export interface SearchTracesParams {
  experimentIds: readonly string[];
  filter: string;
  order: TraceOrder;
}

export const traceKeys = {
  all: ['traces'] as const,
  searches: () => [...traceKeys.all, 'search'] as const,
  /** The Traces tab's infinite list. */
  pages: (params: SearchTracesParams) => [...traceKeys.searches(), 'pages', params] as const,
  /** The first `maxResults` traces of a search, in one list (run page). */
  list: (params: SearchTracesParams, maxResults: number) => [...traceKeys.searches(), 'list', params, maxResults] as const,
  info: (traceId: string) => [...traceKeys.all, 'info', traceId] as const,
  data: (traceId: string) => [...traceKeys.all, 'data', traceId] as const,
};
