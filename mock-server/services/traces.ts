// Traces, as MLflow's tracking store keeps them: a trace_info row per trace with tags and request
// metadata in the database, and the trace data (spans) as `traces.json` in the artifact store under
// the trace's `mlflow.artifactLocation` tag (`<experiment artifact location>/traces/<id>/artifacts`).
// MLflow 2.x clients speak TraceInfo (request_id, status, timestamp_ms...), MLflow 3.x clients
// TraceInfoV3 (trace_id, state, request_time...); both read and write the same rows.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  decodePageToken,
  encodePageToken,
  FilterSyntaxError,
  OrderBySyntaxError,
  PageTokenError,
  parseFilter,
  parseOrderBy,
} from '../../src/lib/mlflow/filter/index.js';
import type { FilterClause, OrderByClause } from '../../src/lib/mlflow/filter/index.js';
import { invalidParameter, MlflowError, notFound } from '../errors.js';
import type { Db } from '../store/database.js';
import { findRunRow } from '../store/runs.js';
import * as store from '../store/traces.js';
import type { TraceCondition, TraceField, TraceKeyValue, TraceRow } from '../store/traces.js';
import { joinLocation, locateArtifactUri, type ArtifactLocation } from './artifacts.js';
import { findActiveExperiment, findExperiment, parseExperimentId } from './experiments.js';
import type { ServerContext } from './server-context.js';
import { MAX_KEY_LENGTH } from './validation.js';

export const TRACE_STATUSES = ['TRACE_STATUS_UNSPECIFIED', 'OK', 'ERROR', 'IN_PROGRESS'] as const;
export type TraceStatus = (typeof TRACE_STATUSES)[number];
/** MLflow 3's TraceInfoV3.State, number for number the same as TraceStatus. */
export const TRACE_STATES = ['STATE_UNSPECIFIED', 'OK', 'ERROR', 'IN_PROGRESS'] as const;
export type TraceState = (typeof TRACE_STATES)[number];

export const ARTIFACT_LOCATION_TAG = 'mlflow.artifactLocation';
export const TRACE_NAME_TAG = 'mlflow.traceName';
export const SOURCE_RUN_METADATA = 'mlflow.sourceRun';
export const TRACE_DATA_FILE = 'traces.json';
export const SEARCH_TRACES_DEFAULT_MAX_RESULTS = 100;
export const SEARCH_TRACES_MAX_RESULTS = 500;

export interface KeyValue {
  key: string;
  value: string;
}

/** MLflow 2.x TraceInfo on the wire. */
export interface TraceInfo {
  request_id: string;
  experiment_id: string;
  timestamp_ms: number;
  execution_time_ms?: number;
  status: TraceStatus;
  request_metadata?: KeyValue[];
  tags?: KeyValue[];
}

/** MLflow 3.x TraceInfoV3 on the wire (protobuf JSON: Timestamp as RFC 3339, Duration as "1.5s"). */
export interface TraceInfoV3 {
  trace_id: string;
  client_request_id?: string;
  trace_location: { type: 'MLFLOW_EXPERIMENT'; mlflow_experiment: { experiment_id: string } };
  request_preview?: string;
  response_preview?: string;
  request_time: string;
  execution_duration?: string;
  state: TraceState;
  trace_metadata: Record<string, string>;
  tags: Record<string, string>;
}

interface LoadedTrace {
  row: TraceRow;
  tags: KeyValue[];
  metadata: KeyValue[];
}

// ---------------------------------------------------------------------------------------------
// Rows to wire
// ---------------------------------------------------------------------------------------------

function statusOf(value: string): TraceStatus {
  return (TRACE_STATUSES as readonly string[]).includes(value) ? (value as TraceStatus) : 'TRACE_STATUS_UNSPECIFIED';
}

/** MLflow 3 keeps previews in their own fields; its 2.x answer carries them as the inputs/outputs metadata. */
function withPreviewMetadata(row: TraceRow, metadata: readonly KeyValue[]): KeyValue[] {
  const entries = [...metadata];
  const has = (key: string) => entries.some((entry) => entry.key === key);
  if (row.request_preview !== null && !has('mlflow.traceInputs')) entries.push({ key: 'mlflow.traceInputs', value: row.request_preview });
  if (row.response_preview !== null && !has('mlflow.traceOutputs'))
    entries.push({ key: 'mlflow.traceOutputs', value: row.response_preview });
  return entries;
}

export function toTraceInfo({ row, tags, metadata: storedMetadata }: LoadedTrace): TraceInfo {
  const metadata = withPreviewMetadata(row, storedMetadata);
  return {
    request_id: row.request_id,
    experiment_id: String(row.experiment_id),
    timestamp_ms: row.timestamp_ms,
    ...(row.execution_time_ms === null ? {} : { execution_time_ms: row.execution_time_ms }),
    status: statusOf(row.status),
    ...(metadata.length > 0 ? { request_metadata: metadata } : {}),
    ...(tags.length > 0 ? { tags } : {}),
  };
}

/** Protobuf JSON of a Duration: whole seconds with 0, 3 (or more) fraction digits and an `s`. */
function formatDuration(milliseconds: number): string {
  return milliseconds % 1000 === 0 ? `${milliseconds / 1000}s` : `${(milliseconds / 1000).toFixed(3)}s`;
}

export function toTraceInfoV3({ row, tags, metadata }: LoadedTrace): TraceInfoV3 {
  const status = statusOf(row.status);
  return {
    trace_id: row.request_id,
    ...(row.client_request_id === null ? {} : { client_request_id: row.client_request_id }),
    trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: String(row.experiment_id) } },
    ...(row.request_preview === null ? {} : { request_preview: row.request_preview }),
    ...(row.response_preview === null ? {} : { response_preview: row.response_preview }),
    request_time: new Date(row.timestamp_ms).toISOString(),
    ...(row.execution_time_ms === null ? {} : { execution_duration: formatDuration(row.execution_time_ms) }),
    state: status === 'TRACE_STATUS_UNSPECIFIED' ? 'STATE_UNSPECIFIED' : status,
    trace_metadata: Object.fromEntries(metadata.map(({ key, value }) => [key, value])),
    tags: Object.fromEntries(tags.map(({ key, value }) => [key, value])),
  };
}

/** Runs `work` in a transaction, or in the caller's when `db` already is one (Kysely does not nest them). */
function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

async function loadTraces(db: Db, rows: readonly TraceRow[]): Promise<LoadedTrace[]> {
  const { tags, metadata } = await store.loadKeyValues(
    db,
    rows.map((row) => row.request_id),
  );
  const pick = (entries: typeof tags, id: string): KeyValue[] =>
    entries.filter((entry) => entry.request_id === id).map(({ key, value }) => ({ key, value }));
  return rows.map((row) => ({ row, tags: pick(tags, row.request_id), metadata: pick(metadata, row.request_id) }));
}

async function loadTrace(db: Db, requestId: string): Promise<LoadedTrace> {
  const [loaded] = await loadTraces(db, [await findTraceRow(db, requestId)]);
  return loaded as LoadedTrace;
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

async function findTraceRow(db: Db, requestId: string): Promise<TraceRow> {
  const row = await store.findTrace(db, requestId);
  if (!row) throw notFound(`Trace with request_id '${requestId}' not found.`);
  return row;
}

function validateEntries(entries: readonly KeyValue[], what: 'tag' | 'request metadata'): void {
  for (const entry of entries) {
    if (entry.key === '') throw invalidParameter(`A trace ${what} key must be a non-empty string.`);
    if (entry.key.length > MAX_KEY_LENGTH) {
      throw invalidParameter(
        `Trace ${what} key '${entry.key.slice(0, 40)}...' had length ${entry.key.length}, which exceeded length limit of ${MAX_KEY_LENGTH}`,
      );
    }
  }
}

/** JavaScript dates (and so MLflow 3's RFC 3339 request_time) reach ±8.64e15 ms, the year 275760. */
const MAX_TIMESTAMP_MS = 8.64e15;

function validateTimestamp(timestampMs: number, name: string): void {
  if (Math.abs(timestampMs) > MAX_TIMESTAMP_MS) {
    throw invalidParameter(
      `Invalid value ${timestampMs} for parameter '${name}' supplied: it must be an epoch time in milliseconds within ±${MAX_TIMESTAMP_MS}.`,
    );
  }
}

/** `<experiment artifact location>/traces/<id>/artifacts`, as MLflow's store builds it. */
export function traceArtifactLocation(experimentLocation: string, requestId: string): string {
  return `${experimentLocation.replace(/\/+$/, '')}/traces/${requestId}/artifacts`;
}

// ---------------------------------------------------------------------------------------------
// Start / end / get / tags
// ---------------------------------------------------------------------------------------------

export interface StartTraceInput {
  experimentId: string;
  /** MLflow 3 clients choose the id (`tr-<hex>`); MLflow 2 leaves it to the server. */
  requestId?: string;
  timestampMs: number;
  executionTimeMs?: number;
  status: TraceStatus;
  clientRequestId?: string;
  requestPreview?: string;
  responsePreview?: string;
  metadata: KeyValue[];
  tags: KeyValue[];
}

async function insertNewTrace(db: Db, input: StartTraceInput): Promise<string> {
  validateTimestamp(input.timestampMs, 'timestamp_ms');
  validateEntries(input.tags, 'tag');
  validateEntries(input.metadata, 'request metadata');
  return inTransaction(db, async (trx) => {
    const experiment = await findActiveExperiment(trx, input.experimentId);
    const requestId = input.requestId ?? randomUUID().replace(/-/g, '');
    if (await store.findTrace(trx, requestId))
      throw new MlflowError('RESOURCE_ALREADY_EXISTS', `Trace with request_id '${requestId}' already exists.`);
    const tags = [
      ...input.tags.filter((tag) => tag.key !== ARTIFACT_LOCATION_TAG),
      { key: ARTIFACT_LOCATION_TAG, value: traceArtifactLocation(experiment.artifact_location, requestId) },
    ];
    await store.insertTrace(
      trx,
      {
        request_id: requestId,
        experiment_id: experiment.experiment_id,
        timestamp_ms: input.timestampMs,
        execution_time_ms: input.executionTimeMs ?? null,
        status: input.status,
        client_request_id: input.clientRequestId ?? null,
        request_preview: input.requestPreview ?? null,
        response_preview: input.responsePreview ?? null,
      },
      tags,
      input.metadata,
    );
    return requestId;
  });
}

/** StartTrace (2.x): a new IN_PROGRESS trace with a server-made request id. */
export async function startTrace(db: Db, input: Omit<StartTraceInput, 'status' | 'requestId'>): Promise<TraceInfo> {
  const requestId = await insertNewTrace(db, { ...input, status: 'IN_PROGRESS' });
  return toTraceInfo(await loadTrace(db, requestId));
}

/**
 * StartTraceV3: the whole trace info at once, usually already finished, with the client's trace id.
 * Sent again (a client retrying after a timeout), it replaces the row's fields and merges tags and
 * metadata, as MLflow's store merges it; the artifact location stays.
 */
export async function startTraceV3(db: Db, input: StartTraceInput): Promise<TraceInfoV3> {
  const requestId = input.requestId ?? '';
  const existing = requestId === '' ? undefined : await store.findTrace(db, requestId);
  if (!existing) return toTraceInfoV3(await loadTrace(db, await insertNewTrace(db, input)));
  validateTimestamp(input.timestampMs, 'request_time');
  validateEntries(input.tags, 'tag');
  validateEntries(input.metadata, 'request metadata');
  await db.transaction().execute(async (trx) => {
    const experiment = await findActiveExperiment(trx, input.experimentId);
    if (experiment.experiment_id !== existing.experiment_id) {
      throw invalidParameter(`Trace '${requestId}' belongs to experiment ${existing.experiment_id}, not ${input.experimentId}.`);
    }
    await store.updateTrace(trx, requestId, {
      timestamp_ms: input.timestampMs,
      execution_time_ms: input.executionTimeMs ?? null,
      status: input.status,
      client_request_id: input.clientRequestId ?? null,
      request_preview: input.requestPreview ?? null,
      response_preview: input.responsePreview ?? null,
    });
    await mergeClientMetadataAndTags(trx, requestId, input);
  });
  return toTraceInfoV3(await loadTrace(db, requestId));
}

/** A client's metadata and tags merged into the trace's; the artifact location stays the server's. */
async function mergeClientMetadataAndTags(trx: Db, requestId: string, input: { metadata: KeyValue[]; tags: KeyValue[] }): Promise<void> {
  await store.upsertKeyValues(trx, 'metadata', requestId, input.metadata);
  await store.upsertKeyValues(
    trx,
    'tag',
    requestId,
    input.tags.filter((tag) => tag.key !== ARTIFACT_LOCATION_TAG),
  );
}

export interface EndTraceInput {
  timestampMs: number;
  status: TraceStatus;
  metadata: KeyValue[];
  tags: KeyValue[];
}

/** EndTrace (2.x): execution time from the start, final status, more metadata and tags. */
export async function endTrace(db: Db, requestId: string, input: EndTraceInput): Promise<TraceInfo> {
  validateTimestamp(input.timestampMs, 'timestamp_ms');
  validateEntries(input.tags, 'tag');
  validateEntries(input.metadata, 'request metadata');
  await db.transaction().execute(async (trx) => {
    const row = await findTraceRow(trx, requestId);
    await store.updateTrace(trx, requestId, { execution_time_ms: input.timestampMs - row.timestamp_ms, status: input.status });
    await mergeClientMetadataAndTags(trx, requestId, input);
  });
  return toTraceInfo(await loadTrace(db, requestId));
}

export async function getTraceInfo(db: Db, requestId: string): Promise<TraceInfo> {
  return toTraceInfo(await loadTrace(db, requestId));
}

export async function getTraceInfoV3(db: Db, traceId: string): Promise<TraceInfoV3> {
  return toTraceInfoV3(await loadTrace(db, traceId));
}

/** BatchGetTraceInfos (3.x): the infos of the traces there are among these ids, in the order asked, optionally only in these experiments. */
export async function batchGetTraceInfosV3(db: Db, traceIds: readonly string[], experimentIds: readonly string[]): Promise<TraceInfoV3[]> {
  if (traceIds.length === 0) throw invalidParameter("Missing value for required parameter 'trace_ids'.");
  const ids = [...new Set(traceIds)];
  // An experiment id that cannot exist matches nothing, as a scope naming no experiment of this server.
  const scope = experimentIds.length === 0 ? undefined : experimentIds.flatMap((id) => parseExperimentId(id) ?? []);
  const rows = await store.findTraces(db, ids, scope);
  const position = new Map(ids.map((id, index) => [id, index]));
  rows.sort((a, b) => (position.get(a.request_id) ?? 0) - (position.get(b.request_id) ?? 0));
  return (await loadTraces(db, rows)).map(toTraceInfoV3);
}

/** MLflow's bound on the traces one LinkTracesToRun request links. */
export const MAX_TRACES_TO_LINK = 100;

/** LinkTracesToRun: the run lists these traces too (search by its id finds them), besides those logged in it. */
export async function linkTracesToRun(db: Db, traceIds: readonly string[], runId: string): Promise<void> {
  if (traceIds.length > MAX_TRACES_TO_LINK) {
    throw invalidParameter(
      `Cannot link more than ${MAX_TRACES_TO_LINK} traces to a run in a single request. Provided ${traceIds.length} traces.`,
    );
  }
  const ids = [...new Set(traceIds)];
  await db.transaction().execute(async (trx) => {
    if (!(await findRunRow(trx, runId))) throw notFound(`Run with id=${runId} not found`);
    const found = new Set((await store.findTraces(trx, ids)).map((row) => row.request_id));
    const missing = ids.find((id) => !found.has(id));
    if (missing !== undefined) throw notFound(`Trace with request_id '${missing}' not found.`);
    await store.insertTraceRunLinks(trx, ids, runId);
  });
}

export async function setTraceTag(db: Db, requestId: string, tag: KeyValue): Promise<void> {
  validateEntries([tag], 'tag');
  await db.transaction().execute(async (trx) => {
    await findTraceRow(trx, requestId);
    await store.upsertKeyValues(trx, 'tag', requestId, [tag]);
  });
}

export async function deleteTraceTag(db: Db, requestId: string, key: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await findTraceRow(trx, requestId);
    if (!(await store.deleteTraceTag(trx, requestId, key))) {
      throw notFound(`No trace tag with key '${key}' for trace with request_id '${requestId}'`);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------

const COLUMN_KEYS: Readonly<Record<string, store.TraceColumn>> = {
  experiment_id: 'experiment_id',
  request_id: 'request_id',
  timestamp_ms: 'timestamp_ms',
  execution_time_ms: 'execution_time_ms',
  status: 'status',
};

/** Where a parsed field lives: MLflow maps `name` to the trace-name tag and `run_id` to the source-run metadata. */
function traceFieldOf(clause: Pick<FilterClause | OrderByClause, 'type' | 'key'>): TraceField {
  if (clause.type === 'tag') return { kind: 'tag', key: clause.key };
  if (clause.type === 'request_metadata') return { kind: 'metadata', key: clause.key };
  if (clause.key === 'name') return { kind: 'tag', key: TRACE_NAME_TAG };
  if (clause.key === 'run_id') return { kind: 'metadata', key: SOURCE_RUN_METADATA };
  const column = COLUMN_KEYS[clause.key];
  if (column === undefined) throw invalidParameter(`Invalid attribute key '${clause.key}' specified.`);
  return { kind: 'column', column };
}

/** MLflow 3 spells the unknown state STATE_UNSPECIFIED; the rows keep MLflow 2's names. */
function statusValue(value: FilterClause['value']): FilterClause['value'] {
  const rename = (item: string): string => (item === 'STATE_UNSPECIFIED' ? 'TRACE_STATUS_UNSPECIFIED' : item);
  if (Array.isArray(value)) return value.map(rename);
  return typeof value === 'string' ? rename(value) : value;
}

export function parseTraceFilter(filter: string | undefined): TraceCondition[] {
  if (!filter || filter.trim() === '') return [];
  let clauses: FilterClause[];
  try {
    clauses = parseFilter(filter, 'traces').clauses;
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw invalidParameter(`Invalid filter '${filter}': ${error.message}`);
    throw error;
  }
  return clauses.map((clause) => {
    const field = traceFieldOf(clause);
    const value = field.kind === 'column' && field.column === 'status' ? statusValue(clause.value) : clause.value;
    return { field, op: clause.op, value };
  });
}

export function parseTraceOrderBy(orderBy: readonly string[]): store.TraceOrder[] {
  let clauses: OrderByClause[];
  try {
    clauses = parseOrderBy(orderBy, 'traces');
  } catch (error) {
    if (error instanceof OrderBySyntaxError || error instanceof FilterSyntaxError) throw invalidParameter(error.message);
    throw error;
  }
  return clauses.map((clause) => ({ field: traceFieldOf(clause), ascending: clause.ascending }));
}

export interface SearchTracesInput {
  experimentIds: string[];
  filter?: string;
  maxResults?: number;
  orderBy: string[];
  pageToken?: string;
}

async function searchRows(db: Db, input: SearchTracesInput): Promise<{ loaded: LoadedTrace[]; nextPageToken?: string }> {
  const maxResults = input.maxResults ?? SEARCH_TRACES_DEFAULT_MAX_RESULTS;
  if (maxResults < 1 || maxResults > SEARCH_TRACES_MAX_RESULTS) {
    throw invalidParameter(
      `Invalid value ${maxResults} for parameter 'max_results' supplied. It must be between 1 and ${SEARCH_TRACES_MAX_RESULTS}.`,
    );
  }
  const conditions = parseTraceFilter(input.filter);
  const orderBy = parseTraceOrderBy(input.orderBy);
  let offset = 0;
  if (input.pageToken) {
    try {
      offset = decodePageToken(input.pageToken);
    } catch (error) {
      if (error instanceof PageTokenError) throw invalidParameter(error.message);
      throw error;
    }
  }
  const experimentIds = input.experimentIds.flatMap((id) => {
    const parsed = parseExperimentId(id);
    return parsed === undefined ? [] : [parsed];
  });
  const rows = await store.searchTraceRows(db, { experimentIds, conditions, orderBy, limit: maxResults, offset });
  const loaded = await loadTraces(db, rows.slice(0, maxResults));
  return { loaded, ...(rows.length > maxResults ? { nextPageToken: encodePageToken(offset + maxResults) } : {}) };
}

export async function searchTraces(db: Db, input: SearchTracesInput): Promise<{ traces?: TraceInfo[]; next_page_token?: string }> {
  const { loaded, nextPageToken } = await searchRows(db, input);
  return {
    ...(loaded.length > 0 ? { traces: loaded.map(toTraceInfo) } : {}),
    ...(nextPageToken ? { next_page_token: nextPageToken } : {}),
  };
}

export async function searchTracesV3(db: Db, input: SearchTracesInput): Promise<{ traces?: TraceInfoV3[]; next_page_token?: string }> {
  const { loaded, nextPageToken } = await searchRows(db, input);
  return {
    ...(loaded.length > 0 ? { traces: loaded.map(toTraceInfoV3) } : {}),
    ...(nextPageToken ? { next_page_token: nextPageToken } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Delete
// ---------------------------------------------------------------------------------------------

export interface DeleteTracesInput {
  experimentId: string;
  maxTimestampMillis?: number;
  maxTraces?: number;
  requestIds?: string[];
}

/** DeleteTraces: by ids, or the oldest (up to `max_traces`) up to a time; their trace data goes too. */
export async function deleteTraces(context: ServerContext, input: DeleteTracesInput): Promise<number> {
  const byIds = input.requestIds !== undefined && input.requestIds.length > 0;
  if (input.maxTimestampMillis === undefined && !byIds) {
    throw invalidParameter('Either `max_timestamp_millis` or `request_ids` must be specified.');
  }
  if (input.maxTimestampMillis !== undefined && byIds) {
    throw invalidParameter('Only one of `max_timestamp_millis` and `request_ids` can be specified.');
  }
  if (input.maxTraces !== undefined && byIds) throw invalidParameter("`max_traces` can't be specified if `request_ids` is specified.");
  if (input.maxTraces !== undefined && input.maxTraces < 1) {
    throw invalidParameter(`Invalid value ${input.maxTraces} for parameter 'max_traces' supplied. It must be a positive integer.`);
  }
  const experiment = await findExperiment(context.db, input.experimentId);
  const { deleted, locations } = await context.db.transaction().execute(async (trx) => {
    const doomed = await store.selectTracesToDelete(trx, {
      experimentId: experiment.experiment_id,
      ...(input.maxTimestampMillis !== undefined ? { maxTimestampMillis: input.maxTimestampMillis } : {}),
      ...(input.maxTraces !== undefined ? { maxTraces: input.maxTraces } : {}),
      ...(byIds ? { requestIds: input.requestIds } : {}),
    });
    const ids = doomed.map((row) => row.request_id);
    const { tags } = await store.loadKeyValues(trx, ids);
    const artifactLocations = tags.filter((tag) => tag.key === ARTIFACT_LOCATION_TAG).map((tag) => tag.value);
    return { deleted: await store.deleteTraceRows(trx, ids), locations: artifactLocations };
  });
  // After the commit: a trace is gone for clients as soon as its row is; its files follow.
  for (const location of locations) {
    const stored = await storeLocationOf(context, location);
    if (stored !== undefined && stored.path !== '') await stored.store.delete(stored.path);
  }
  return deleted;
}

/** Where a trace's artifact location is among this server's stores (the proxied one or a direct root); undefined when none. */
async function storeLocationOf(context: ServerContext, location: string): Promise<ArtifactLocation | undefined> {
  try {
    return await locateArtifactUri(context, location);
  } catch (error) {
    if (error instanceof MlflowError && error.status === 400) return undefined;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Trace data (traces.json)
// ---------------------------------------------------------------------------------------------

async function traceDataLocation(context: ServerContext, loaded: LoadedTrace): Promise<ArtifactLocation> {
  const location = loaded.tags.find((tag) => tag.key === ARTIFACT_LOCATION_TAG)?.value;
  const stored = location === undefined ? undefined : await storeLocationOf(context, location);
  if (stored === undefined)
    throw notFound(`Trace data not found for request_id=${loaded.row.request_id}: it has no artifact location on this server.`);
  return joinLocation(stored, TRACE_DATA_FILE);
}

/** `get-trace-artifact`: the trace's traces.json as stored. */
export async function openTraceData(context: ServerContext, requestId: string): Promise<{ stream: Readable; size: number }> {
  const loaded = await loadTrace(context.db, requestId);
  const { store: artifacts, path } = await traceDataLocation(context, loaded);
  if ((await artifacts.kind(path)) !== 'file') throw notFound(`Trace data not found for request_id=${requestId}.`);
  return artifacts.read(path);
}

async function readJson({ store: artifacts, path }: ArtifactLocation): Promise<unknown> {
  if ((await artifacts.kind(path)) !== 'file') return undefined;
  const { stream } = await artifacts.read(path);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Reads a trace's stored spans (MLflow 3 span dicts), for merging new ones in. */
export async function readTraceSpans(context: ServerContext, requestId: string): Promise<Record<string, unknown>[]> {
  const data = await readJson(await traceDataLocation(context, await loadTrace(context.db, requestId)));
  const spans = data && typeof data === 'object' ? (data as { spans?: unknown }).spans : undefined;
  return Array.isArray(spans) ? spans.filter((span): span is Record<string, unknown> => typeof span === 'object' && span !== null) : [];
}

export async function writeTraceData(context: ServerContext, requestId: string, data: unknown): Promise<void> {
  const { store: artifacts, path } = await traceDataLocation(context, await loadTrace(context.db, requestId));
  await artifacts.write(path, Readable.from([Buffer.from(JSON.stringify(data))]));
}

// ---------------------------------------------------------------------------------------------
// Traces built from OTLP spans
// ---------------------------------------------------------------------------------------------

export interface TraceSummary {
  experimentId: string;
  requestId: string;
  timestampMs: number;
  executionTimeMs?: number;
  status: TraceStatus;
  name?: string;
  requestPreview?: string;
  responsePreview?: string;
  metadata: KeyValue[];
}

/** Creates the trace of arriving spans, or brings an existing one up to date with its root span. */
export async function upsertTraceFromSpans(db: Db, summary: TraceSummary): Promise<void> {
  const existing = await store.findTrace(db, summary.requestId);
  const tags: TraceKeyValue[] = summary.name === undefined ? [] : [{ key: TRACE_NAME_TAG, value: summary.name }];
  if (!existing) {
    await insertNewTrace(db, {
      experimentId: summary.experimentId,
      requestId: summary.requestId,
      timestampMs: summary.timestampMs,
      ...(summary.executionTimeMs !== undefined ? { executionTimeMs: summary.executionTimeMs } : {}),
      status: summary.status,
      ...(summary.requestPreview !== undefined ? { requestPreview: summary.requestPreview } : {}),
      ...(summary.responsePreview !== undefined ? { responsePreview: summary.responsePreview } : {}),
      metadata: summary.metadata,
      tags,
    });
    return;
  }
  if (String(existing.experiment_id) !== summary.experimentId) {
    throw invalidParameter(`Trace '${summary.requestId}' belongs to experiment ${existing.experiment_id}, not ${summary.experimentId}.`);
  }
  await inTransaction(db, async (trx) => {
    await store.updateTrace(trx, summary.requestId, {
      timestamp_ms: Math.min(existing.timestamp_ms, summary.timestampMs),
      status: summary.status,
      ...(summary.executionTimeMs !== undefined ? { execution_time_ms: summary.executionTimeMs } : {}),
      ...(summary.requestPreview !== undefined ? { request_preview: summary.requestPreview } : {}),
      ...(summary.responsePreview !== undefined ? { response_preview: summary.responsePreview } : {}),
    });
    await store.upsertKeyValues(trx, 'tag', summary.requestId, tags);
    await store.upsertKeyValues(trx, 'metadata', summary.requestId, summary.metadata);
  });
}
