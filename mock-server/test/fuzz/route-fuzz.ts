// Property-based fuzzing of every route in the route table (mock-server/routes), in-process with
// app.inject(): requests built by fast-check from MLflow's field names and hostile values (int64
// edges, 1e300, NaN strings, deep nesting, long and non-UTF-8 text, traversal paths, huge lists).
// Shared by mock-server/test/fuzz/routes-fuzz.test.ts (fixed seed, in `npm test`) and bench/fuzz.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { createServer } from '../../app.js';
import { mountPaths, type Endpoint } from '../../http/router.js';
import { allEndpoints } from '../../routes/index.js';
import type { ServerContext } from '../../services/server-context.js';

/** Every field name a route reads (grep of the routes), so that generated bodies reach deep code. */
const FIELD_NAMES = [
  'alias',
  'allow_deleted',
  'archive_existing_versions',
  'artifact_directory_path',
  'artifact_file_path',
  'artifact_location',
  'buckets',
  'dataset_digest',
  'dataset_name',
  'datasets',
  'description',
  'digest',
  'end_step',
  'end_time',
  'experiment_id',
  'experiment_ids',
  'experiment_name',
  'filter',
  'key',
  'max_results',
  'metric_key',
  'metrics',
  'model_id',
  'model_json',
  'model_type',
  'models',
  'name',
  'new_name',
  'order_by',
  'page_token',
  'path',
  'profile',
  'run_id',
  'run_ids',
  'run_link',
  'run_name',
  'run_uuid',
  'run_view_type',
  'schema',
  'source',
  'source_run_id',
  'source_type',
  'stage',
  'stages',
  'start_step',
  'start_time',
  'status',
  'step',
  'tags',
  'timestamp',
  'user_id',
  'value',
  'version',
  'view_type',
  'params',
  'inputs',
  'field_name',
  'ascending',
  'dataset',
  'tag',
  'preview',
  // traces
  'timestamp_ms',
  'request_metadata',
  'request_ids',
  'max_timestamp_millis',
  'max_traces',
  'request_id',
  'trace',
  'locations',
] as const;

export interface FuzzSeed {
  experimentId: string;
  runId: string;
  modelName: string;
  loggedModelId: string;
}

export interface FuzzRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

export interface FuzzServer {
  app: FastifyInstance;
  context: ServerContext;
  seed: FuzzSeed;
  endpoints: Endpoint[];
  close: () => Promise<void>;
}

async function post(app: FastifyInstance, url: string, payload: object): Promise<Record<string, unknown>> {
  const reply = await app.inject({ method: 'POST', url: `/api/2.0/mlflow/${url}`, payload });
  if (reply.statusCode !== 200) throw new Error(`seeding ${url} failed: ${reply.body}`);
  return reply.json<Record<string, unknown>>();
}

/** A fresh in-memory server with one experiment, run (metrics, params, tags), registered model and logged model. */
export async function startFuzzServer(): Promise<FuzzServer> {
  const artifactsRoot = mkdtempSync(path.join(os.tmpdir(), 'runboard-fuzz-'));
  const server = await createServer({ backendStoreUri: 'sqlite:///:memory:', artifactsDestination: artifactsRoot });
  const { app } = server;
  const context = server.context as ServerContext;
  const experimentId = String((await post(app, 'experiments/create', { name: 'fuzz' })).experiment_id);
  const run = (await post(app, 'runs/create', { experiment_id: experimentId })) as { run: { info: { run_id: string } } };
  const runId = run.run.info.run_id;
  await post(app, 'runs/log-batch', {
    run_id: runId,
    metrics: [0, 1, 2].map((step) => ({ key: 'loss', value: 1 / (step + 1), timestamp: 1700000000000 + step, step })),
    params: [{ key: 'lr', value: '0.1' }],
    tags: [{ key: 'team', value: 'fuzz' }],
  });
  await app.inject({
    method: 'PUT',
    url: `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/report.html`,
    payload: '<p>hi</p>',
  });
  await post(app, 'registered-models/create', { name: 'fuzz-model' });
  await post(app, 'model-versions/create', { name: 'fuzz-model', source: `runs:/${runId}/model`, run_id: runId });
  const logged = (await post(app, 'logged-models', { experiment_id: experimentId, name: 'fuzz-logged' })) as {
    model: { info: { model_id: string } };
  };
  return {
    app,
    context,
    seed: { experimentId, runId, modelName: 'fuzz-model', loggedModelId: logged.model.info.model_id },
    endpoints: allEndpoints(context),
    close: async () => {
      await app.close();
      rmSync(artifactsRoot, { recursive: true, force: true });
    },
  };
}

const INT64_EDGES = [0, -1, 1, 2 ** 31, 2 ** 53, -(2 ** 53), 2 ** 63, -(2 ** 63), 1e300, -1e300, 1.5, Number.MAX_VALUE];
const INT64_STRINGS = [
  '9223372036854775807',
  '9223372036854775808',
  '-9223372036854775809',
  '18446744073709551616',
  '1e300',
  'NaN',
  'Infinity',
  '-0',
  '007',
  ' 1 ',
];
const HOSTILE_STRINGS = [
  '',
  ' ',
  '.',
  '..',
  '../../etc/passwd',
  '%2e%2e/%2e%2e',
  '..%252f..%252f',
  '/abs/path',
  'C:\\x',
  'a\u0000b',
  '\ud800',
  'é'.repeat(200),
  "' OR 1=1 --",
  '"; DROP TABLE runs; --',
  '<script>alert(1)</script>',
  'a'.repeat(256),
  'a/'.repeat(1200),
  '\u202e',
  'null',
  'true',
];
const FILTERS = [
  'metrics.loss < 1',
  "params.lr = '0.1'",
  "tags.team LIKE 'f%'",
  "attributes.run_id IN ('a', 'b')",
  "name = 'x' AND name != 'y'",
  "metrics.loss > 'x'",
  'metrics.`a b` >= 1',
  'status = "RUNNING"',
  'run_id IN ()',
  'AND',
  "name LIKE '%'",
  'metrics.loss < 1e309',
];

function seedValues(seed: FuzzSeed): string[] {
  return [
    seed.experimentId,
    seed.runId,
    seed.modelName,
    seed.loggedModelId,
    '1',
    '0',
    'runs:/' + seed.runId + '/model',
    `models:/${seed.modelName}/1`,
  ];
}

/** A value of any JSON shape, biased to what MLflow's handlers parse and to known edges. */
function valueArbitrary(seed: FuzzSeed): fc.Arbitrary<unknown> {
  const scalar = fc.oneof(
    fc.constantFrom(...seedValues(seed)),
    fc.constantFrom(...INT64_EDGES),
    fc.constantFrom(...INT64_STRINGS),
    fc.constantFrom(...HOSTILE_STRINGS),
    fc.constantFrom(...FILTERS),
    fc.string({ maxLength: 40 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
  );
  const entry = fc.dictionary(fc.constantFrom(...FIELD_NAMES), scalar, { maxKeys: 5 });
  // Huge lists (past every list limit) in about one value of 70: enough to hit each route's limits
  // many times without making every request a 300 KB body.
  return fc.oneof(
    { weight: 36, arbitrary: scalar },
    { weight: 12, arbitrary: fc.array(scalar, { maxLength: 5 }) },
    { weight: 12, arbitrary: fc.array(entry, { maxLength: 4 }) },
    { weight: 6, arbitrary: entry },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        Array.from({ length: 2000 }, (_, index) => `metrics.m${index}`),
        Array.from({ length: 40000 }, (_, index) => String(index)),
      ),
    },
  );
}

function bodyArbitrary(seed: FuzzSeed): fc.Arbitrary<Record<string, unknown>> {
  return fc.dictionary(fc.constantFrom(...FIELD_NAMES), valueArbitrary(seed), { maxKeys: 8 });
}

/** Bodies that are not a plain JSON object: deep nesting, bad UTF-8, other JSON types, garbage. */
const oddPayloads = fc.oneof(
  fc.constant('['.repeat(5000) + ']'.repeat(5000)),
  fc.constant('{"a":'.repeat(3000) + '1' + '}'.repeat(3000)),
  fc.constant(Buffer.from([0xff, 0xfe, 0x7b, 0x22, 0xc3])),
  fc.constant('"{\\"experiment_id\\": \\"1\\"}"'),
  fc.constantFrom('[]', 'null', '42', '"text"', '{', '{"filter": "' + 'metrics.m > 1 and '.repeat(6000) + 'metrics.m > 1"}'),
  fc.string({ maxLength: 200 }),
);

/** A value for a `:name` or `*` path segment, percent-encoded or raw. */
function pathParamArbitrary(seed: FuzzSeed): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...seedValues(seed), `${seed.experimentId}/${seed.runId}/artifacts/report.html`),
    fc.constantFrom('%ff%fe', '%2e%2e%2f', '..%2f..%2fsecret', 'a'.repeat(300), 'a/'.repeat(2100) + 'x', '%00', 'x%', 'dir/', 'file.txt'),
    fc.string({ maxLength: 30 }).map((text) => encodeURIComponent(text)),
  );
}

function concretePath(mountPath: string, params: string[]): string {
  let index = 0;
  return mountPath
    .split('/')
    .map((segment) => (segment === '*' || segment.startsWith(':') ? (params[index++ % params.length] ?? 'x') : segment))
    .join('/');
}

function toQueryString(body: Record<string, unknown>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) {
    const values = Array.isArray(value) ? value.slice(0, 50) : [value];
    for (const item of values) query.append(name, typeof item === 'string' ? item : (JSON.stringify(item) ?? ''));
  }
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

/** `arbitrary` once in `every` values, null otherwise. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: every - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  '',
];

/** One request against one endpoint of the table (or, now and then, a method it does not take). */
export function requestArbitrary(endpoints: readonly Endpoint[], seed: FuzzSeed): fc.Arbitrary<FuzzRequest> {
  const routes = endpoints.flatMap((endpoint) => mountPaths(endpoint).map((mountPath) => ({ endpoint, mountPath })));
  return fc
    .record({
      route: fc.constantFrom(...routes),
      params: fc.array(pathParamArbitrary(seed), { minLength: 1, maxLength: 3 }),
      body: bodyArbitrary(seed),
      odd: sometimes(oddPayloads, 8),
      contentType: fc.oneof(
        { weight: 6, arbitrary: fc.constant('application/json') },
        { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
      ),
      otherMethod: sometimes(fc.constantFrom<FuzzRequest['method'][]>('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'), 10),
      bodyOnGet: fc.boolean(),
    })
    .map(({ route, params, body, odd, contentType, otherMethod, bodyOnGet }): FuzzRequest => {
      const method = otherMethod ?? route.endpoint.method;
      const url = concretePath(route.mountPath, params);
      const headers: Record<string, string> = { 'x-requested-with': 'fuzz' };
      if (contentType !== '') headers['content-type'] = contentType;
      if (method === 'GET' || method === 'HEAD') {
        if (bodyOnGet && odd === null) return { method, url, headers, payload: JSON.stringify(body) };
        return { method, url: url + toQueryString(body), headers };
      }
      if (route.endpoint.rawBody) return { method, url: url + toQueryString(body), headers, payload: odd ?? JSON.stringify(body) };
      return { method, url, headers, payload: odd ?? JSON.stringify(body) };
    });
}

export interface FuzzOutcome {
  request: FuzzRequest;
  status: number;
  body: string;
  durationMs: number;
}

/** Why a reply breaks the contract (5xx, or a 4xx not in MLflow's shape), or undefined when it holds. */
export function contractViolation(outcome: FuzzOutcome): string | undefined {
  const { status, body, request } = outcome;
  // 501 NOT_IMPLEMENTED is MLflow's own answer for multipart uploads to a local artifact store.
  const notImplemented = status === 501 && body.includes('"NOT_IMPLEMENTED"');
  if (status >= 500 && !notImplemented) return `${status} ${body.slice(0, 300)}`;
  if (status < 400 || request.method === 'HEAD') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `${status} answer is not JSON: ${body.slice(0, 200)}`;
  }
  const shape = parsed as { error_code?: unknown; message?: unknown };
  if (typeof shape.error_code !== 'string' || typeof shape.message !== 'string')
    return `${status} answer is not {error_code, message}: ${body.slice(0, 200)}`;
  return undefined;
}

export async function sendFuzzRequest(app: FastifyInstance, request: FuzzRequest): Promise<FuzzOutcome> {
  const started = performance.now();
  const reply = await app.inject({
    method: request.method,
    url: request.url,
    headers: request.headers,
    ...(request.payload === undefined ? {} : { payload: request.payload }),
  });
  return { request, status: reply.statusCode, body: reply.body, durationMs: performance.now() - started };
}

/** The server still answers: /health, and a search that reads what was seeded. */
export async function serverIsHealthy(app: FastifyInstance, seed: FuzzSeed): Promise<boolean> {
  const health = await app.inject({ method: 'GET', url: '/health' });
  const search = await app.inject({ method: 'POST', url: '/api/2.0/mlflow/runs/search', payload: { experiment_ids: [seed.experimentId] } });
  return health.statusCode === 200 && health.body === 'OK' && search.statusCode === 200;
}
