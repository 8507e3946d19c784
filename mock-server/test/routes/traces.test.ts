// Trace endpoints: the calls MLflow 2.x clients make (start, end, upload traces.json through the
// artifact proxy, get info, search, tags, delete) and MLflow 3.x's (StartTraceV3, get, search v3,
// OTLP span export), their errors, filters, order and paging, on SQLite and PostgreSQL.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { otlpRoot } from '../../services/otlp-spans.js';
import type { TraceInfo, TraceInfoV3 } from '../../services/traces.js';
import * as routes from '../support/route-server.js';
import { API, type Method, type Reply, type RouteServer } from '../support/route-server.js';

const AJAX = '/ajax-api/2.0/mlflow';
const API3 = '/api/3.0/mlflow';

let server: RouteServer;
let app: FastifyInstance;

beforeEach(async () => {
  server = await routes.startRouteServer('runboard-traces-test-');
  ({ app } = server);
});

afterEach(async () => {
  await server.close();
});

const call = (method: Method, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> =>
  routes.callRoute(app, method, url, body, headers);
const createExperiment = (): Promise<string> => routes.createExperiment(app);

/** Uploads a trace's traces.json through the artifact proxy, as MLflow 2.x clients do. */
const uploadTraceData = (experimentId: string, traceId: string, data: string): Promise<Reply> =>
  call('PUT', `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/traces/${traceId}/artifacts/traces.json`, data, {
    'content-type': 'application/octet-stream',
  });

async function startTrace(experimentId: string, timestampMs: number, tags: { key: string; value: string }[] = []): Promise<TraceInfo> {
  const reply = await call('POST', `${API}/traces`, {
    experiment_id: experimentId,
    timestamp_ms: timestampMs,
    request_metadata: [{ key: 'mlflow.traceInputs', value: '{"question": "hi"}' }],
    tags: [{ key: 'mlflow.user', value: 'ada' }, ...tags],
  });
  expect(reply.status, reply.body).toBe(200);
  return reply.json.trace_info as TraceInfo;
}

async function endTrace(
  requestId: string,
  timestampMs: number,
  status: string,
  tags: { key: string; value: string }[] = [],
): Promise<TraceInfo> {
  const reply = await call('PATCH', `${API}/traces/${requestId}`, {
    request_id: requestId,
    timestamp_ms: timestampMs,
    status,
    request_metadata: [{ key: 'mlflow.traceOutputs', value: '"hello"' }],
    tags,
  });
  expect(reply.status, reply.body).toBe(200);
  return reply.json.trace_info as TraceInfo;
}

function tagValue(info: TraceInfo, key: string): string | undefined {
  return info.tags?.find((tag) => tag.key === key)?.value;
}

async function search(query: string): Promise<Reply> {
  return call('GET', `${API}/traces?${query}`);
}

function ids(reply: Reply): string[] {
  return ((reply.json.traces ?? []) as TraceInfo[]).map((trace) => trace.request_id);
}

describe('MLflow 2.x tracing flow', () => {
  it('start → end → upload traces.json → get info, search and get-trace-artifact', async () => {
    const experimentId = await createExperiment();
    const started = await startTrace(experimentId, 1_700_000_000_000);
    expect(started.request_id).toMatch(/^[0-9a-f]{32}$/);
    expect(started).toMatchObject({ experiment_id: experimentId, timestamp_ms: 1_700_000_000_000, status: 'IN_PROGRESS' });
    expect(started.execution_time_ms).toBeUndefined();
    const location = tagValue(started, 'mlflow.artifactLocation');
    expect(location).toBe(`mlflow-artifacts:/${experimentId}/traces/${started.request_id}/artifacts`);

    const ended = await endTrace(started.request_id, 1_700_000_000_250, 'OK', [{ key: 'mlflow.traceName', value: 'chain' }]);
    expect(ended).toMatchObject({ status: 'OK', execution_time_ms: 250 });
    expect(ended.request_metadata).toEqual([
      { key: 'mlflow.traceInputs', value: '{"question": "hi"}' },
      { key: 'mlflow.traceOutputs', value: '"hello"' },
    ]);
    expect(tagValue(ended, 'mlflow.traceName')).toBe('chain');

    // The client uploads the spans through the artifact proxy, to the artifact location.
    const data = {
      spans: [{ name: 'chain', context: { span_id: '0x1', trace_id: '0x2' }, parent_id: null }],
      request: '{"question": "hi"}',
      response: '"hello"',
    };
    const upload = await uploadTraceData(experimentId, started.request_id, JSON.stringify(data));
    expect(upload.status, upload.body).toBe(200);

    const info = await call('GET', `${API}/traces/${started.request_id}/info`);
    expect(info.status).toBe(200);
    expect(info.json.trace_info).toEqual(ended);

    const found = await search(`experiment_ids=${experimentId}`);
    expect(found.json).toEqual({ traces: [ended] });

    const artifact = await call('GET', `${AJAX}/get-trace-artifact?request_id=${started.request_id}`);
    expect(artifact.status).toBe(200);
    expect(artifact.headers['content-disposition']).toBe('attachment; filename=traces.json');
    expect(JSON.parse(artifact.body)).toEqual(data);
  });

  it('end merges metadata and tags into what start set (a key given again takes the new value)', async () => {
    const experimentId = await createExperiment();
    const started = await call('POST', `${API}/traces`, {
      experiment_id: experimentId,
      timestamp_ms: '1000',
      request_metadata: [
        { key: 'meta1', value: 'apple' },
        { key: 'meta2', value: 'grape' },
      ],
      tags: [
        { key: 'tag1', value: 'football' },
        { key: 'tag2', value: 'basketball' },
      ],
    });
    const requestId = (started.json.trace_info as TraceInfo).request_id;
    const ended = await call('PATCH', `${API}/traces/${requestId}`, {
      request_id: requestId,
      timestamp_ms: 3000,
      status: 1,
      request_metadata: [
        { key: 'meta1', value: 'orange' },
        { key: 'meta3', value: 'banana' },
      ],
      tags: [
        { key: 'tag1', value: 'soccer' },
        { key: 'tag3', value: 'tennis' },
      ],
    });
    const info = ended.json.trace_info as TraceInfo;
    expect(info).toMatchObject({ timestamp_ms: 1000, execution_time_ms: 2000, status: 'OK' });
    expect(info.request_metadata).toEqual([
      { key: 'meta1', value: 'orange' },
      { key: 'meta2', value: 'grape' },
      { key: 'meta3', value: 'banana' },
    ]);
    expect(info.tags?.filter((tag) => !tag.key.startsWith('mlflow.'))).toEqual([
      { key: 'tag1', value: 'soccer' },
      { key: 'tag2', value: 'basketball' },
      { key: 'tag3', value: 'tennis' },
    ]);
    expect((await call('GET', `${API}/traces/${requestId}/info`)).json.trace_info).toEqual(info);
  });

  it('sets and deletes trace tags', async () => {
    const experimentId = await createExperiment();
    const trace = await startTrace(experimentId, 1000);
    expect((await call('PATCH', `${API}/traces/${trace.request_id}/tags`, { key: 'reviewed', value: 'yes' })).status).toBe(200);
    let info = (await call('GET', `${API}/traces/${trace.request_id}/info`)).json.trace_info as TraceInfo;
    expect(tagValue(info, 'reviewed')).toBe('yes');
    expect((await call('PATCH', `${API}/traces/${trace.request_id}/tags`, { key: 'reviewed', value: 'no' })).status).toBe(200);
    info = (await call('GET', `${API}/traces/${trace.request_id}/info`)).json.trace_info as TraceInfo;
    expect(tagValue(info, 'reviewed')).toBe('no');

    expect((await call('DELETE', `${API}/traces/${trace.request_id}/tags`, { key: 'reviewed' })).status).toBe(200);
    info = (await call('GET', `${API}/traces/${trace.request_id}/info`)).json.trace_info as TraceInfo;
    expect(tagValue(info, 'reviewed')).toBeUndefined();

    expect((await call('PATCH', `${API}/traces/${trace.request_id}/tags`, { key: 'reviewed', value: 'again' })).status).toBe(200);
    expect((await call('DELETE', `/api/3.0/mlflow/traces/${trace.request_id}/tags?key=reviewed`)).status).toBe(200);
    const again = await call('DELETE', `${API}/traces/${trace.request_id}/tags`, { key: 'reviewed' });
    expect(again.status).toBe(404);
    expect(again.json.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
  });
});

describe('bad input', () => {
  it('answers MLflow errors, never a 500', async () => {
    const experimentId = await createExperiment();
    const cases: [Reply, number, string][] = [
      [await call('POST', `${API}/traces`, { timestamp_ms: 1 }), 400, 'INVALID_PARAMETER_VALUE'],
      [await call('POST', `${API}/traces`, { experiment_id: '987654', timestamp_ms: 1 }), 404, 'RESOURCE_DOES_NOT_EXIST'],
      [await call('POST', `${API}/traces`, { experiment_id: experimentId, timestamp_ms: 'soon' }), 400, 'INVALID_PARAMETER_VALUE'],
      [await call('POST', `${API}/traces`, { experiment_id: experimentId, tags: [{ value: 'x' }] }), 400, 'INVALID_PARAMETER_VALUE'],
      [await call('POST', `${API}/traces`, { experiment_id: experimentId, tags: { a: 'b' } }), 400, 'INVALID_PARAMETER_VALUE'],
      [
        await call('POST', `${API}/traces`, { experiment_id: experimentId, tags: [{ key: 'k'.repeat(251), value: 'v' }] }),
        400,
        'INVALID_PARAMETER_VALUE',
      ],
      [await call('PATCH', `${API}/traces/nope`, { timestamp_ms: 5, status: 'OK' }), 404, 'RESOURCE_DOES_NOT_EXIST'],
      [await call('GET', `${API}/traces/nope/info`), 404, 'RESOURCE_DOES_NOT_EXIST'],
      [await call('PATCH', `${API}/traces/nope/tags`, { key: 'a', value: 'b' }), 404, 'RESOURCE_DOES_NOT_EXIST'],
      [await call('GET', `${AJAX}/get-trace-artifact`), 400, 'INVALID_PARAMETER_VALUE'],
      [await call('GET', `${AJAX}/get-trace-artifact?request_id=nope`), 404, 'RESOURCE_DOES_NOT_EXIST'],
      [await search(''), 400, 'INVALID_PARAMETER_VALUE'],
      [await search(`experiment_ids=${experimentId}&max_results=501`), 400, 'INVALID_PARAMETER_VALUE'],
      [await search(`experiment_ids=${experimentId}&max_results=0`), 400, 'INVALID_PARAMETER_VALUE'],
      [await search(`experiment_ids=${experimentId}&filter=${encodeURIComponent('metrics.x > 1')}`), 400, 'INVALID_PARAMETER_VALUE'],
      [
        await search(`experiment_ids=${experimentId}&filter=${encodeURIComponent("attributes.timestamp_ms > 'x'")}`),
        400,
        'INVALID_PARAMETER_VALUE',
      ],
      [await search(`experiment_ids=${experimentId}&filter=${encodeURIComponent('attributes.color = 1')}`), 400, 'INVALID_PARAMETER_VALUE'],
      [await search(`experiment_ids=${experimentId}&order_by=${encodeURIComponent('params.x')}`), 400, 'INVALID_PARAMETER_VALUE'],
      [await search(`experiment_ids=${experimentId}&page_token=garbage`), 400, 'INVALID_PARAMETER_VALUE'],
      [await call('POST', `${API}/traces/delete-traces`, { experiment_id: experimentId }), 400, 'INVALID_PARAMETER_VALUE'],
      [
        await call('POST', `${API}/traces/delete-traces`, { experiment_id: experimentId, max_timestamp_millis: 5, request_ids: ['a'] }),
        400,
        'INVALID_PARAMETER_VALUE',
      ],
      [
        await call('POST', `${API}/traces/delete-traces`, { experiment_id: experimentId, request_ids: ['a'], max_traces: 2 }),
        400,
        'INVALID_PARAMETER_VALUE',
      ],
      [await call('POST', `${API}/traces/delete-traces`, { max_timestamp_millis: 5 }), 400, 'INVALID_PARAMETER_VALUE'],
      [await call('POST', `${API3}/traces`, { trace: { trace_info: { trace_id: 'tr-1' } } }), 400, 'INVALID_PARAMETER_VALUE'],
      [await call('POST', `${API3}/traces`, {}), 400, 'INVALID_PARAMETER_VALUE'],
      [
        await call('POST', `${API3}/traces`, {
          trace: {
            trace_info: {
              trace_id: 'tr-1',
              trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: experimentId } },
              request_time: 'yesterday',
            },
          },
        }),
        400,
        'INVALID_PARAMETER_VALUE',
      ],
      [await call('GET', `${API3}/traces/tr-missing`), 404, 'RESOURCE_DOES_NOT_EXIST'],
      [await call('POST', `${API}/traces`, { experiment_id: experimentId, timestamp_ms: 2 ** 62 }), 400, 'INVALID_PARAMETER_VALUE'],
      [await call('DELETE', `${API}/traces/nope/tags`), 400, 'INVALID_PARAMETER_VALUE'],
      [await call('POST', '/v1/traces', '{}', { 'content-type': 'application/json' }), 400, 'INVALID_PARAMETER_VALUE'],
      [
        await call('POST', '/v1/traces', '{not json', { 'content-type': 'application/json', 'x-mlflow-experiment-id': experimentId }),
        400,
        'INVALID_PARAMETER_VALUE',
      ],
      [
        await call('POST', '/v1/traces', Buffer.from([0xff, 0xff, 0xff]), {
          'content-type': 'application/x-protobuf',
          'x-mlflow-experiment-id': experimentId,
        }),
        400,
        'INVALID_PARAMETER_VALUE',
      ],
    ];
    cases.forEach(([reply, status, code], index) => {
      expect([index, reply.status, reply.json.error_code], reply.body).toEqual([index, status, code]);
      expect(typeof reply.json.message).toBe('string');
    });
  });

  it('refuses traces in a deleted experiment', async () => {
    const experimentId = await createExperiment();
    await call('POST', `${API}/experiments/delete`, { experiment_id: experimentId });
    const reply = await call('POST', `${API}/traces`, { experiment_id: experimentId, timestamp_ms: 1 });
    expect(reply.status).toBe(400);
    expect(reply.json.error_code).toBe('INVALID_PARAMETER_VALUE');
  });
});

describe('search traces', () => {
  async function seed(): Promise<{ experimentId: string; traces: TraceInfo[] }> {
    const experimentId = await createExperiment();
    const traces: TraceInfo[] = [];
    for (let index = 0; index < 6; index += 1) {
      const started = await startTrace(experimentId, 1000 * (index + 1), [{ key: 'team', value: index % 2 === 0 ? 'even' : 'odd' }]);
      const status = index === 3 ? 'ERROR' : 'OK';
      traces.push(
        await endTrace(started.request_id, 1000 * (index + 1) + 10 * (index + 1), status, [
          { key: 'mlflow.traceName', value: `step-${index}` },
        ]),
      );
    }
    return { experimentId, traces };
  }

  it('orders newest first by default and pages with tokens', async () => {
    const { experimentId, traces } = await seed();
    const newestFirst = [...traces].reverse().map((trace) => trace.request_id);
    const first = await search(`experiment_ids=${experimentId}&max_results=4`);
    expect(ids(first)).toEqual(newestFirst.slice(0, 4));
    expect(typeof first.json.next_page_token).toBe('string');
    const second = await search(
      `experiment_ids=${experimentId}&max_results=4&page_token=${encodeURIComponent(first.json.next_page_token as string)}`,
    );
    expect(ids(second)).toEqual(newestFirst.slice(4));
    expect(second.json.next_page_token).toBeUndefined();
  });

  it('filters on attributes, tags, metadata, name and status', async () => {
    const { experimentId, traces } = await seed();
    const idOf = (index: number): string => (traces[index] as TraceInfo).request_id;
    const filtered = async (filter: string): Promise<string[]> => {
      const reply = await search(
        `experiment_ids=${experimentId}&filter=${encodeURIComponent(filter)}&order_by=${encodeURIComponent('timestamp_ms ASC')}`,
      );
      expect(reply.status, reply.body).toBe(200);
      return ids(reply);
    };
    expect(await filtered("attributes.status = 'ERROR'")).toEqual([idOf(3)]);
    expect(await filtered("status != 'ERROR' AND tags.team = 'odd'")).toEqual([idOf(1), idOf(5)]);
    expect(await filtered('attributes.timestamp_ms > 4000')).toEqual([idOf(4), idOf(5)]);
    expect(await filtered('timestamp <= 2000')).toEqual([idOf(0), idOf(1)]);
    expect(await filtered('attributes.execution_time_ms >= 50')).toEqual([idOf(4), idOf(5)]);
    expect(await filtered("name = 'step-2'")).toEqual([idOf(2)]);
    expect(await filtered("tags.`mlflow.traceName` LIKE 'step-%' AND tags.team = 'even'")).toEqual([idOf(0), idOf(2), idOf(4)]);
    expect(await filtered("request_metadata.`mlflow.traceInputs` LIKE '%hi%' AND timestamp_ms < 2000")).toEqual([idOf(0)]);
    expect(await filtered('metadata.`mlflow.traceOutputs` = \'"hello"\' AND timestamp_ms < 2000')).toEqual([idOf(0)]);
    expect(await filtered("attributes.status IN ('ERROR')")).toEqual([idOf(3)]);
    expect(await filtered(`attributes.request_id = '${idOf(2)}'`)).toEqual([idOf(2)]);
    expect(await filtered("tags.team ILIKE 'EVEN' AND attributes.status = 'ERROR'")).toEqual([]);
  });

  it('orders by execution time, status and tags', async () => {
    const { experimentId, traces } = await seed();
    const ordered = async (...orderBy: string[]): Promise<string[]> =>
      ids(await search(`experiment_ids=${experimentId}&${orderBy.map((entry) => `order_by=${encodeURIComponent(entry)}`).join('&')}`));
    const all = traces.map((trace) => trace.request_id);
    expect(await ordered('execution_time_ms DESC')).toEqual([...all].reverse());
    expect(await ordered('attributes.execution_time_ms ASC')).toEqual(all);
    const byStatus = await ordered('status ASC', 'timestamp_ms ASC');
    expect(byStatus[0]).toBe(all[3]);
    expect(await ordered('tags.team DESC', 'timestamp_ms ASC')).toEqual([all[1], all[3], all[5], all[0], all[2], all[4]]);
    expect(await ordered('name DESC')).toEqual([...all].reverse());
  });

  it('searches several experiments and ignores unknown ids', async () => {
    const a = await seed();
    const b = await seed();
    const reply = await search(`experiment_ids=${a.experimentId}&experiment_ids=${b.experimentId}&experiment_ids=424242&max_results=100`);
    expect(ids(reply)).toHaveLength(12);
  });
});

describe('delete traces', () => {
  it('deletes by time (oldest first, up to max_traces) and by ids, with their trace data', async () => {
    const experimentId = await createExperiment();
    const traces: TraceInfo[] = [];
    for (let index = 0; index < 5; index += 1) traces.push(await startTrace(experimentId, 1000 * (index + 1)));
    for (const trace of traces) {
      const put = await uploadTraceData(experimentId, trace.request_id, '{"spans": []}');
      expect(put.status).toBe(200);
    }
    const byTime = await call('POST', `${API}/traces/delete-traces`, {
      experiment_id: experimentId,
      max_timestamp_millis: 4000,
      max_traces: 2,
    });
    expect(byTime.json).toEqual({ traces_deleted: 2 });
    const remaining = traces.slice(2).map((trace) => trace.request_id);
    expect(ids(await search(`experiment_ids=${experimentId}&order_by=timestamp_ms`))).toEqual(remaining);
    const gone = await call('GET', `${AJAX}/get-trace-artifact?request_id=${(traces[0] as TraceInfo).request_id}`);
    expect(gone.status).toBe(404);
    const listing = await call(
      'GET',
      `/api/2.0/mlflow-artifacts/artifacts?path=${experimentId}/traces/${(traces[0] as TraceInfo).request_id}`,
    );
    expect(listing.json.files).toBeUndefined();

    const byIds = await call('POST', `${API}/traces/delete-traces`, {
      experiment_id: experimentId,
      request_ids: [remaining[0], 'not-a-trace'],
    });
    expect(byIds.json).toEqual({ traces_deleted: 1 });
    const rest = await call('POST', `${API}/traces/delete-traces`, { experiment_id: experimentId, max_timestamp_millis: 10_000 });
    expect(rest.json).toEqual({ traces_deleted: 2 });
    expect(ids(await search(`experiment_ids=${experimentId}`))).toEqual([]);
  });

  it('only deletes traces of the named experiment', async () => {
    const a = await createExperiment();
    const b = await createExperiment();
    const kept = await startTrace(b, 10);
    const reply = await call('POST', `${API}/traces/delete-traces`, { experiment_id: a, request_ids: [kept.request_id] });
    expect(reply.json).toEqual({ traces_deleted: 0 });
    expect((await call('GET', `${API}/traces/${kept.request_id}/info`)).status).toBe(200);
  });
});

describe('MLflow 3.x tracing', () => {
  function v3Body(experimentId: string, traceId: string, overrides: Record<string, unknown> = {}): unknown {
    return {
      trace: {
        trace_info: {
          trace_id: traceId,
          client_request_id: 'client-7',
          trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: experimentId } },
          request_preview: '{"question": "why"}',
          response_preview: '"because"',
          request_time: '2026-12-07T10:00:00.500Z',
          execution_duration: '1.250s',
          state: 'OK',
          trace_metadata: { 'mlflow.trace_schema.version': '3', 'mlflow.sourceRun': 'run-1' },
          tags: { 'mlflow.traceName': 'agent' },
          ...overrides,
        },
      },
    };
  }

  it('StartTraceV3 → upload → get, search v3, and the 2.x view of the same trace', async () => {
    const experimentId = await createExperiment();
    const started = await call('POST', `${API3}/traces`, v3Body(experimentId, 'tr-00112233445566778899aabbccddeeff'));
    expect(started.status, started.body).toBe(200);
    const info = (started.json.trace as { trace_info: TraceInfoV3 }).trace_info;
    expect(info).toEqual({
      trace_id: 'tr-00112233445566778899aabbccddeeff',
      client_request_id: 'client-7',
      trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: experimentId } },
      request_preview: '{"question": "why"}',
      response_preview: '"because"',
      request_time: '2026-12-07T10:00:00.500Z',
      execution_duration: '1.250s',
      state: 'OK',
      trace_metadata: { 'mlflow.trace_schema.version': '3', 'mlflow.sourceRun': 'run-1' },
      tags: {
        'mlflow.traceName': 'agent',
        'mlflow.artifactLocation': `mlflow-artifacts:/${experimentId}/traces/${info.trace_id}/artifacts`,
      },
    });
    const put = await uploadTraceData(experimentId, info.trace_id, '{"spans": [{"name": "agent"}]}');
    expect(put.status).toBe(200);

    expect((await call('GET', `${API3}/traces/${info.trace_id}`)).json).toEqual({ trace: { trace_info: info } });
    const searched = await call('POST', `${API3}/traces/search`, {
      locations: [{ type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: experimentId } }],
      filter: "attributes.run_id = 'run-1' AND trace.status = 'OK'".replace('trace.status', 'attributes.state'),
      max_results: 10,
      order_by: ['timestamp_ms DESC'],
    });
    expect(searched.status, searched.body).toBe(200);
    expect(searched.json).toEqual({ traces: [info] });

    const asV2 = (await call('GET', `${API}/traces/${info.trace_id}/info`)).json.trace_info as TraceInfo;
    expect(asV2).toMatchObject({
      request_id: info.trace_id,
      timestamp_ms: Date.parse('2026-12-07T10:00:00.500Z'),
      execution_time_ms: 1250,
      status: 'OK',
    });
    // The previews reach 2.x readers (our Traces tab among them) as the inputs/outputs metadata.
    expect(asV2.request_metadata).toEqual(
      expect.arrayContaining([
        { key: 'mlflow.traceInputs', value: '{"question": "why"}' },
        { key: 'mlflow.traceOutputs', value: '"because"' },
      ]),
    );
    const artifact = await call('GET', `${AJAX}/get-trace-artifact?request_id=${info.trace_id}`);
    expect(JSON.parse(artifact.body)).toEqual({ spans: [{ name: 'agent' }] });

    // A retry sends the same trace again: it is updated in place, not refused, and keeps its data.
    const retried = await call('POST', `${API3}/traces`, v3Body(experimentId, info.trace_id, { state: 'ERROR', tags: { retried: 'yes' } }));
    expect(retried.status, retried.body).toBe(200);
    const again = (retried.json.trace as { trace_info: TraceInfoV3 }).trace_info;
    expect(again).toMatchObject({
      state: 'ERROR',
      tags: { 'mlflow.traceName': 'agent', retried: 'yes', 'mlflow.artifactLocation': info.tags['mlflow.artifactLocation'] },
    });
    expect(ids(await search(`experiment_ids=${experimentId}`))).toEqual([info.trace_id]);
    const other = await createExperiment();
    const moved = await call('POST', `${API3}/traces`, v3Body(other, info.trace_id));
    expect(moved.status).toBe(400);
    expect(moved.json.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('tags and deletion under /api/3.0 too', async () => {
    const experimentId = await createExperiment();
    await call('POST', `${API3}/traces`, v3Body(experimentId, 'tr-1'));
    expect((await call('PATCH', `${API3}/traces/tr-1/tags`, { key: 'k', value: 'v' })).status).toBe(200);
    expect(((await call('GET', `${API3}/traces/tr-1`)).json.trace as { trace_info: TraceInfoV3 }).trace_info.tags.k).toBe('v');
    const deleted = await call('POST', `${API3}/traces/delete-traces`, { experiment_id: experimentId, request_ids: ['tr-1'] });
    expect(deleted.json).toEqual({ traces_deleted: 1 });
  });

  it('batchGetInfos answers the infos of the traces there are, in the order asked, within the experiments named', async () => {
    const experimentId = await createExperiment();
    const other = await createExperiment();
    await call('POST', `${API3}/traces`, v3Body(experimentId, 'tr-a'));
    await call('POST', `${API3}/traces`, v3Body(experimentId, 'tr-b', { state: 'ERROR' }));
    await call('POST', `${API3}/traces`, v3Body(other, 'tr-c'));
    const infoOf = async (traceId: string) =>
      ((await call('GET', `${API3}/traces/${traceId}`)).json.trace as { trace_info: TraceInfoV3 }).trace_info;

    const all = await call('POST', `${API3}/traces/batchGetInfos`, { trace_ids: ['tr-c', 'tr-missing', 'tr-b', 'tr-a', 'tr-b'] });
    expect(all.status, all.body).toBe(200);
    expect(all.json).toEqual({ trace_infos: [await infoOf('tr-c'), await infoOf('tr-b'), await infoOf('tr-a')] });
    const scoped = await call('POST', `${API3}/traces/batchGetInfos`, { trace_ids: ['tr-a', 'tr-c'], experiment_ids: [other] });
    expect((scoped.json.trace_infos as TraceInfoV3[]).map((info) => info.trace_id)).toEqual(['tr-c']);
    const none = await call('POST', `${API3}/traces/batchGetInfos`, { trace_ids: ['tr-missing'] });
    expect(none.status).toBe(200);
    expect(none.json).toEqual({});

    for (const body of [{}, { trace_ids: [] }, { trace_ids: 'tr-a' }, { trace_ids: [7] }, { trace_ids: ['tr-a'], experiment_ids: 'x' }]) {
      const bad = await call('POST', `${API3}/traces/batchGetInfos`, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.json.error_code).toBe('INVALID_PARAMETER_VALUE');
    }
  });

  it('link-to-run: the run lists linked traces beside those logged in it', async () => {
    const experimentId = await createExperiment();
    const runId = await routes.createRun(app, experimentId);
    const logged = await call(
      'POST',
      `${API3}/traces`,
      v3Body(experimentId, 'tr-logged', { trace_metadata: { 'mlflow.sourceRun': runId } }),
    );
    expect(logged.status, logged.body).toBe(200);
    await call('POST', `${API3}/traces`, v3Body(experimentId, 'tr-linked-1'));
    await call('POST', `${API3}/traces`, v3Body(experimentId, 'tr-linked-2'));
    await call('POST', `${API3}/traces`, v3Body(experimentId, 'tr-other'));
    const runFilter = `experiment_ids=${experimentId}&filter=${encodeURIComponent(`request_metadata.\`mlflow.sourceRun\` = '${runId}'`)}`;
    expect(ids(await search(runFilter))).toEqual(['tr-logged']);

    for (const prefix of [API, API3]) {
      const linked = await call('POST', `${prefix}/traces/link-to-run`, { trace_ids: ['tr-linked-1', 'tr-linked-2'], run_id: runId });
      expect(linked.status, linked.body).toBe(200);
      expect(linked.json).toEqual({});
    }
    expect(ids(await search(runFilter)).sort()).toEqual(['tr-linked-1', 'tr-linked-2', 'tr-logged']);
    const v3 = await call('POST', `${API3}/traces/search`, {
      locations: [{ type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: experimentId } }],
      filter: `attributes.run_id = '${runId}'`,
    });
    expect((v3.json.traces as TraceInfoV3[]).map((info) => info.trace_id).sort()).toEqual(['tr-linked-1', 'tr-linked-2', 'tr-logged']);
    // Linking does not change what the trace says it was logged in.
    expect(((await call('GET', `${API3}/traces/tr-linked-1`)).json.trace as { trace_info: TraceInfoV3 }).trace_info.trace_metadata).toEqual(
      {
        'mlflow.trace_schema.version': '3',
        'mlflow.sourceRun': 'run-1',
      },
    );
    // A deleted trace leaves the run's list.
    await call('POST', `${API3}/traces/delete-traces`, { experiment_id: experimentId, request_ids: ['tr-linked-2'] });
    expect(ids(await search(runFilter)).sort()).toEqual(['tr-linked-1', 'tr-logged']);

    const expectError = async (body: unknown, status: number, errorCode: string) => {
      const reply = await call('POST', `${API}/traces/link-to-run`, body);
      expect(reply.status, JSON.stringify(body)).toBe(status);
      expect(reply.json.error_code).toBe(errorCode);
      return reply.json.message as string;
    };
    await expectError({ trace_ids: ['tr-other'] }, 400, 'INVALID_PARAMETER_VALUE');
    await expectError({ trace_ids: 'tr-other', run_id: runId }, 400, 'INVALID_PARAMETER_VALUE');
    await expectError({ trace_ids: [1], run_id: runId }, 400, 'INVALID_PARAMETER_VALUE');
    const tooMany = Array.from({ length: 101 }, (_, index) => `tr-${index}`);
    expect(await expectError({ trace_ids: tooMany, run_id: runId }, 400, 'INVALID_PARAMETER_VALUE')).toContain('more than 100 traces');
    expect(await expectError({ trace_ids: ['tr-other'], run_id: 'nope' }, 404, 'RESOURCE_DOES_NOT_EXIST')).toContain('nope');
    expect(await expectError({ trace_ids: ['tr-other', 'tr-nope'], run_id: runId }, 404, 'RESOURCE_DOES_NOT_EXIST')).toContain('tr-nope');
    // Nothing of a refused request was linked.
    expect(ids(await search(runFilter)).sort()).toEqual(['tr-linked-1', 'tr-logged']);
  });
});

describe('OTLP span export (POST /v1/traces)', () => {
  const ExportRequest = otlpRoot.lookupType('opentelemetry.proto.ExportTraceServiceRequest');
  const traceIdHex = 'a1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8';
  const rootId = '0102030405060708';
  const childId = '1112131415161718';
  const start = 1_765_000_000_000_000_000n;
  const stringValue = (value: string) => ({ string_value: value });

  function span(
    spanIdHex: string,
    parentHex: string,
    name: string,
    offsetMs: number,
    durationMs: number,
    attributes: Record<string, string>,
    error = false,
  ) {
    return {
      trace_id: Buffer.from(traceIdHex, 'hex'),
      span_id: Buffer.from(spanIdHex, 'hex'),
      parent_span_id: parentHex ? Buffer.from(parentHex, 'hex') : Buffer.alloc(0),
      name,
      kind: 1,
      start_time_unix_nano: (start + BigInt(offsetMs) * 1_000_000n).toString(),
      end_time_unix_nano: (start + BigInt(offsetMs + durationMs) * 1_000_000n).toString(),
      attributes: Object.entries(attributes).map(([key, value]) => ({ key, value: stringValue(value) })),
      events: error
        ? [{ name: 'exception', time_unix_nano: start.toString(), attributes: [{ key: 'exception.message', value: stringValue('boom') }] }]
        : [],
      status: { code: error ? 2 : 1, message: error ? 'boom' : '' },
    };
  }

  function protobufRequest(spans: ReturnType<typeof span>[]): Buffer {
    const message = ExportRequest.fromObject({
      resource_spans: [{ resource: { attributes: [] }, scope_spans: [{ scope: { name: 'test' }, spans }] }],
    });
    return Buffer.from(ExportRequest.encode(message).finish());
  }

  it('stores protobuf spans arriving in two batches as one trace with its data', async () => {
    const experimentId = await createExperiment();
    const headers = { 'content-type': 'application/x-protobuf', 'x-mlflow-experiment-id': experimentId };
    // The child ends first and arrives alone; the trace is in progress until its root comes.
    const child = span(childId, rootId, 'llm', 10, 80, {
      'mlflow.spanType': '"LLM"',
      'mlflow.chat.tokenUsage': '{"input_tokens": 12, "output_tokens": 30, "total_tokens": 42}',
      plain: 'not json',
    });
    const first = await call('POST', '/v1/traces', protobufRequest([child]), headers);
    expect(first.status, first.body).toBe(200);
    expect(first.headers['content-type']).toBe('application/x-protobuf');
    const traceId = `tr-${traceIdHex}`;
    let info = ((await call('GET', `${API3}/traces/${traceId}`)).json.trace as { trace_info: TraceInfoV3 }).trace_info;
    expect(info.state).toBe('IN_PROGRESS');

    const rootSpan = span(
      rootId,
      '',
      'chain',
      0,
      120,
      { 'mlflow.spanInputs': '{"question": "why"}', 'mlflow.spanOutputs': '"because"' },
      true,
    );
    expect((await call('POST', '/v1/traces', protobufRequest([rootSpan]), headers)).status).toBe(200);
    info = ((await call('GET', `${API3}/traces/${traceId}`)).json.trace as { trace_info: TraceInfoV3 }).trace_info;
    expect(info).toMatchObject({
      trace_id: traceId,
      state: 'ERROR',
      request_time: new Date(Number(start / 1_000_000n)).toISOString(),
      execution_duration: '0.120s',
      request_preview: '{"question": "why"}',
      response_preview: '"because"',
      tags: { 'mlflow.traceName': 'chain' },
      trace_metadata: { 'mlflow.trace.tokenUsage': '{"input_tokens":12,"output_tokens":30,"total_tokens":42}' },
    });

    const data = JSON.parse((await call('GET', `${AJAX}/get-trace-artifact?request_id=${traceId}`)).body) as {
      spans: Record<string, unknown>[];
    };
    expect(data.spans.map((item) => item.name)).toEqual(['chain', 'llm']);
    expect(data.spans[0]).toMatchObject({
      trace_id: Buffer.from(traceIdHex, 'hex').toString('base64'),
      span_id: Buffer.from(rootId, 'hex').toString('base64'),
      parent_span_id: '',
      status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
      kind: 'SPAN_KIND_INTERNAL',
      events: [{ name: 'exception', attributes: { 'exception.message': '"boom"' } }],
    });
    expect(data.spans[1]).toMatchObject({
      parent_span_id: Buffer.from(rootId, 'hex').toString('base64'),
      attributes: { 'mlflow.spanType': '"LLM"', plain: '"not json"' },
    });
    const found = await search(`experiment_ids=${experimentId}&filter=${encodeURIComponent("status = 'ERROR' AND name = 'chain'")}`);
    expect(ids(found)).toEqual([traceId]);
  });

  it('takes OTLP/JSON (hex ids, camelCase) and the trace id MLflow spans carry', async () => {
    const experimentId = await createExperiment();
    const body = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: traceIdHex,
                  spanId: rootId,
                  name: 'predict',
                  kind: 1,
                  startTimeUnixNano: start.toString(),
                  endTimeUnixNano: (start + 5_000_000n).toString(),
                  attributes: [
                    { key: 'mlflow.traceRequestId', value: { stringValue: '"tr-custom-id"' } },
                    { key: 'count', value: { intValue: '3' } },
                    { key: 'flags', value: { arrayValue: { values: [{ boolValue: true }] } } },
                  ],
                  status: { code: 1 },
                },
              ],
            },
          ],
        },
      ],
    };
    const reply = await call('POST', '/v1/traces', JSON.stringify(body), {
      'content-type': 'application/json',
      'x-mlflow-experiment-id': experimentId,
    });
    expect(reply.status, reply.body).toBe(200);
    expect(reply.json).toEqual({});
    const info = ((await call('GET', `${API3}/traces/tr-custom-id`)).json.trace as { trace_info: TraceInfoV3 }).trace_info;
    expect(info).toMatchObject({ state: 'OK', execution_duration: '0.005s', tags: { 'mlflow.traceName': 'predict' } });
    const data = JSON.parse((await call('GET', `${AJAX}/get-trace-artifact?request_id=tr-custom-id`)).body) as {
      spans: { attributes: Record<string, string> }[];
    };
    expect(data.spans[0]?.attributes).toMatchObject({ count: '3', flags: '[true]' });
  });

  it('refuses spans for a missing experiment and an unknown content type', async () => {
    const missing = await call('POST', '/v1/traces', protobufRequest([span(rootId, '', 'x', 0, 1, {})]), {
      'content-type': 'application/x-protobuf',
      'x-mlflow-experiment-id': '99999',
    });
    expect(missing.status).toBe(404);
    expect(missing.json.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    const wrongType = await call('POST', '/v1/traces', 'hello', { 'content-type': 'text/plain', 'x-mlflow-experiment-id': '0' });
    expect(wrongType.status).toBe(415);
  });
});
