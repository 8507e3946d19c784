// Metric history routes: get-history (order, paging, NaN/Infinity), get-history-bulk-interval
// (sampling, windows, limits), the legacy UI get-history-bulk, and Runboard's get-history-buckets.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MetricBucketSeries } from '../../../src/lib/mlflow/wire-types.js';
import { decodeBucketsBinary, decodeBucketsJson, type BucketColumns } from '../../../src/lib/mlflow/history-buckets-wire.js';
import { createServer } from '../../app.js';
import { alignedBucketWidth, bucketPoints, type BucketPoint } from '../../services/metric-buckets.js';
import { markSeriesStale, readBlocks, SUMMARY_BLOCK_SIZES } from '../../services/metric-summaries.js';
import type { ServerContext } from '../../services/server-context.js';
import { freshStoreUri } from '../support/test-store.js';

const API = '/api/2.0/mlflow';
const AJAX = '/ajax-api/2.0/mlflow';
const BUCKETS = '/ajax-api/2.0/runboard/metrics/get-history-buckets';

let app: FastifyInstance;
let context: ServerContext;
let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'runboard-history-test-'));
  const server = await createServer({ backendStoreUri: await freshStoreUri(), artifactsDestination: dir });
  app = server.app;
  context = server.context as ServerContext;
});

afterEach(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  json: Record<string, unknown>;
}

async function call(method: 'GET' | 'POST', url: string, body?: unknown): Promise<Reply> {
  const reply = await app.inject({
    method,
    url,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) }),
  });
  return { status: reply.statusCode, json: reply.json() };
}

function query(params: [string, string | number][]): string {
  return params.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`).join('&');
}

async function createRun(): Promise<string> {
  const experiment = await call('POST', `${API}/experiments/create`, { name: `exp-${Math.random().toString(36).slice(2)}` });
  const run = await call('POST', `${API}/runs/create`, { experiment_id: experiment.json.experiment_id, start_time: 1 });
  return (run.json.run as { info: { run_id: string } }).info.run_id;
}

type Point = { key?: string; value: number | string; timestamp: number; step: number };

async function logBatch(runId: string, metrics: Point[], key = 'loss'): Promise<void> {
  for (let start = 0; start < metrics.length; start += 1000) {
    const reply = await call('POST', `${API}/runs/log-batch`, {
      run_id: runId,
      metrics: metrics.slice(start, start + 1000).map((metric) => ({ key, ...metric })),
    });
    expect(reply.status).toBe(200);
  }
}

/** Bulk insert straight into the store, for histories too long to log through the API quickly. */
async function insertPoints(runId: string, points: BucketPoint[], key = 'loss'): Promise<void> {
  await context.db.transaction().execute(async (trx) => {
    for (let start = 0; start < points.length; start += 5000) {
      await trx
        .insertInto('metrics')
        .values(
          points.slice(start, start + 5000).map((point) => ({
            run_uuid: runId,
            key,
            step: point.step,
            timestamp: point.timestamp,
            value: point.isNan ? 0 : point.value,
            is_nan: point.isNan ? 1 : 0,
          })),
        )
        .execute();
    }
    // What logging does too: the series' summaries must be recomputed.
    await markSeriesStale(trx, runId, new Map([[key, points[0]?.step ?? 0]]));
  });
}

// Golden file 08's data: run one logs 0..110 by 10 plus an early second value at step 30.
const RUN_ONE: Point[] = [
  ...Array.from({ length: 12 }, (_, i) => ({ value: Number((1 / (i + 1)).toFixed(6)), timestamp: 1_700_000_000_100 + i, step: i * 10 })),
  { value: 0.05, timestamp: 1_700_000_000_050, step: 30 },
];
const RUN_TWO: Point[] = Array.from({ length: 8 }, (_, i) => ({ value: 2 - i / 10, timestamp: 1_700_000_000_200 + i, step: i * 5 }));

describe('metrics/get-history', () => {
  it('returns every point ordered by timestamp, step, value', async () => {
    const runId = await createRun();
    await logBatch(runId, [
      { value: 3, timestamp: 20, step: 1 },
      { value: 2, timestamp: 10, step: 5 },
      { value: 1, timestamp: 10, step: 5 },
      { value: 9, timestamp: 10, step: 2 },
      { value: 'NaN', timestamp: 30, step: 3 },
      { value: 'Infinity', timestamp: 31, step: 4 },
      { value: '-Infinity', timestamp: 32, step: 4 },
      { value: 1.2999999999999998, timestamp: 33, step: 6 },
    ]);
    const reply = await call(
      'GET',
      `${API}/metrics/get-history?${query([
        ['run_id', runId],
        ['metric_key', 'loss'],
      ])}`,
    );
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      metrics: [
        { key: 'loss', value: 9, timestamp: 10, step: 2 },
        { key: 'loss', value: 1, timestamp: 10, step: 5 },
        { key: 'loss', value: 2, timestamp: 10, step: 5 },
        { key: 'loss', value: 3, timestamp: 20, step: 1 },
        { key: 'loss', value: 'NaN', timestamp: 30, step: 3 },
        { key: 'loss', value: 'Infinity', timestamp: 31, step: 4 },
        { key: 'loss', value: '-Infinity', timestamp: 32, step: 4 },
        { key: 'loss', value: 1.2999999999999998, timestamp: 33, step: 6 },
      ],
    });
  });

  it('answers {} for an unknown run or key, and 400 without metric_key or run id', async () => {
    const runId = await createRun();
    await logBatch(runId, RUN_ONE);
    expect((await call('GET', `${API}/metrics/get-history?run_id=${runId}&metric_key=nope`)).json).toEqual({});
    expect((await call('GET', `${API}/metrics/get-history?run_id=00000000000000000000000000000000&metric_key=loss`)).json).toEqual({});
    const noKey = await call('GET', `${API}/metrics/get-history?run_id=${runId}`);
    expect(noKey.status).toBe(400);
    expect(noKey.json.message).toContain("'metric_key'");
    const noRun = await call('GET', `${API}/metrics/get-history?metric_key=loss`);
    expect(noRun.status).toBe(400);
    expect(noRun.json.message).toContain("'run_id'");
    // The Python client sends run_uuid too; either one names the run.
    const byUuid = await call('GET', `${API}/metrics/get-history?run_uuid=${runId}&metric_key=loss`);
    expect((byUuid.json.metrics as unknown[]).length).toBe(13);
  });

  it('pages with max_results and offset tokens; the pages add up to the whole history', async () => {
    const runId = await createRun();
    await logBatch(runId, RUN_ONE);
    const all = (await call('GET', `${API}/metrics/get-history?run_id=${runId}&metric_key=loss`)).json.metrics as Point[];
    const pages: Point[] = [];
    let token: string | undefined;
    let requests = 0;
    do {
      const params: [string, string | number][] = [
        ['run_id', runId],
        ['metric_key', 'loss'],
        ['max_results', 5],
      ];
      if (token) params.push(['page_token', token]);
      const reply = await call('GET', `${API}/metrics/get-history?${query(params)}`);
      expect(reply.status).toBe(200);
      pages.push(...(reply.json.metrics as Point[]));
      token = reply.json.next_page_token as string | undefined;
      requests += 1;
    } while (token && requests < 10);
    expect(requests).toBe(3);
    expect(pages).toEqual(all);
    // Exactly one page: no token.
    const whole = await call(
      'GET',
      `${API}/metrics/get-history?${query([
        ['run_id', runId],
        ['metric_key', 'loss'],
        ['max_results', 13],
      ])}`,
    );
    expect(whole.json.next_page_token).toBeUndefined();
    expect((whole.json.metrics as unknown[]).length).toBe(13);
  });

  it('refuses a bad page token or max_results with 400', async () => {
    const runId = await createRun();
    await logBatch(runId, RUN_ONE);
    for (const extra of ['page_token=bogus', 'max_results=abc', 'max_results=0', 'max_results=-3']) {
      const reply = await call('GET', `${API}/metrics/get-history?run_id=${runId}&metric_key=loss&${extra}`);
      expect(reply.status, extra).toBe(400);
      expect(reply.json.error_code).toBe('INVALID_PARAMETER_VALUE');
    }
  });
});

describe('metrics/get-history-bulk-interval', () => {
  async function seed(): Promise<[string, string]> {
    const one = await createRun();
    const two = await createRun();
    await logBatch(one, RUN_ONE);
    await logBatch(two, RUN_TWO);
    return [one, two];
  }

  function url(params: [string, string | number][], prefix = API): string {
    return `${prefix}/metrics/get-history-bulk-interval?${query(params)}`;
  }

  it('returns the runs in request order, points by step, timestamp, value', async () => {
    const [one, two] = await seed();
    const reply = await call(
      'GET',
      url([
        ['run_ids', two],
        ['run_ids', one],
        ['metric_key', 'loss'],
      ]),
    );
    const metrics = reply.json.metrics as (Point & { run_id: string })[];
    expect(metrics.map((metric) => metric.run_id)).toEqual([...Array<string>(8).fill(two), ...Array<string>(13).fill(one)]);
    const firstRun = metrics.filter((metric) => metric.run_id === one);
    expect(firstRun.map((metric) => metric.step)).toEqual([0, 10, 20, 30, 30, 40, 50, 60, 70, 80, 90, 100, 110]);
    expect(firstRun.slice(3, 5).map((metric) => metric.value)).toEqual([0.05, 0.25]);
    expect(metrics[0]).toEqual({ key: 'loss', value: 2, timestamp: 1_700_000_000_200, step: 0, run_id: two });
  });

  it('samples steps like MLflow (golden 08 #16 and #18)', async () => {
    const [one, two] = await seed();
    const sampled = await call(
      'GET',
      url([
        ['run_ids', one],
        ['run_ids', two],
        ['metric_key', 'loss'],
        ['max_results', 4],
      ]),
    );
    expect((sampled.json.metrics as (Point & { run_id: string })[]).map((metric) => [metric.run_id === one ? 1 : 2, metric.step])).toEqual([
      [1, 0],
      [1, 20],
      [1, 40],
      [1, 80],
      [1, 110],
      [2, 0],
      [2, 20],
      [2, 35],
    ]);
    const window = await call(
      'GET',
      url([
        ['run_ids', one],
        ['metric_key', 'loss'],
        ['start_step', 20],
        ['end_step', 60],
        ['max_results', 2],
      ]),
    );
    expect((window.json.metrics as Point[]).map((metric) => metric.step)).toEqual([20, 40, 60]);
  });

  it('keeps every value at a sampled step, in timestamp order', async () => {
    const runId = await createRun();
    const points: Point[] = [];
    for (let step = 0; step < 50; step += 1) {
      points.push({ value: step, timestamp: 1000 + step, step }, { value: -step, timestamp: 500 + step, step });
    }
    await logBatch(runId, points);
    const reply = await call(
      'GET',
      url([
        ['run_ids', runId],
        ['metric_key', 'loss'],
        ['max_results', 5],
      ]),
    );
    const metrics = reply.json.metrics as Point[];
    const steps = [...new Set(metrics.map((metric) => metric.step))];
    expect(steps).toEqual([0, 10, 20, 30, 40, 49]);
    for (const step of steps) {
      expect(metrics.filter((metric) => metric.step === step).map((metric) => metric.timestamp)).toEqual([500 + step, 1000 + step]);
    }
  });

  it('applies an inclusive step window, is served under /ajax-api, and sends NaN as a string', async () => {
    const [one] = await seed();
    const nanRun = await createRun();
    await logBatch(nanRun, [
      { value: 'NaN', timestamp: 1, step: 0 },
      { value: 'Infinity', timestamp: 2, step: 1 },
    ]);
    const window = await call(
      'GET',
      url(
        [
          ['run_ids', one],
          ['metric_key', 'loss'],
          ['start_step', 20],
          ['end_step', 30],
        ],
        AJAX,
      ),
    );
    expect((window.json.metrics as Point[]).map((metric) => metric.step)).toEqual([20, 30, 30]);
    const nan = await call(
      'GET',
      url([
        ['run_ids', nanRun],
        ['metric_key', 'loss'],
      ]),
    );
    expect((nan.json.metrics as Point[]).map((metric) => metric.value)).toEqual(['NaN', 'Infinity']);
  });

  it('answers {} for unknown runs or keys', async () => {
    const [one] = await seed();
    expect(
      (
        await call(
          'GET',
          url([
            ['run_ids', one],
            ['metric_key', 'acc'],
          ]),
        )
      ).json,
    ).toEqual({});
    const hundred = Array.from({ length: 100 }, (_, i): [string, string] => ['run_ids', `r${i}`]);
    expect((await call('GET', url([...hundred, ['metric_key', 'loss']]))).json).toEqual({});
  });

  it.each([
    [[['metric_key', 'loss']], "Missing value for required parameter 'run_ids'"],
    [
      [
        ['run_ids[]', 'x'],
        ['metric_key', 'loss'],
      ],
      "Missing value for required parameter 'run_ids'",
    ],
    [[['run_ids', 'x']], "Missing value for required parameter 'metric_key'"],
    [
      [
        ['run_ids', 'x'],
        ['metric_key', 'loss'],
        ['start_step', 20],
      ],
      'both must be specified',
    ],
    [
      [
        ['run_ids', 'x'],
        ['metric_key', 'loss'],
        ['start_step', 60],
        ['end_step', 20],
      ],
      'end_step must be greater than start_step',
    ],
    [
      [
        ['run_ids', 'x'],
        ['metric_key', 'loss'],
        ['max_results', 2501],
      ],
      'max_results must be between 1 and 2500',
    ],
    [
      [
        ['run_ids', 'x'],
        ['metric_key', 'loss'],
        ['max_results', 0],
      ],
      'max_results must be between 1 and 2500',
    ],
    [
      [...Array.from({ length: 101 }, (_, i): [string, string] => ['run_ids', `r${i}`]), ['metric_key', 'loss']],
      'at most 100 run_ids. Received 101',
    ],
  ] as [[string, string | number][], string][])('refuses %j', async (params, message) => {
    const reply = await call('GET', url(params));
    expect(reply.status).toBe(400);
    expect(reply.json.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(reply.json.message).toContain(message);
  });
});

describe('ajax-api metrics/get-history-bulk (legacy)', () => {
  it('sorts runs by id, points by time, and truncates the whole answer', async () => {
    const one = await createRun();
    const two = await createRun();
    await logBatch(one, RUN_ONE);
    await logBatch(two, RUN_TWO);
    const [first, second] = [one, two].sort();
    const all = await call(
      'GET',
      `${AJAX}/metrics/get-history-bulk?${query([
        ['run_id', second as string],
        ['run_id', first as string],
        ['metric_key', 'loss'],
      ])}`,
    );
    const metrics = all.json.metrics as (Point & { run_id: string })[];
    expect(metrics).toHaveLength(21);
    expect(metrics[0]?.run_id).toBe(first);
    const own = metrics.filter((metric) => metric.run_id === one);
    expect(own[0]).toEqual({ key: 'loss', value: 0.05, timestamp: 1_700_000_000_050, step: 30, run_id: one });
    const truncated = await call(
      'GET',
      `${AJAX}/metrics/get-history-bulk?${query([
        ['run_id', one],
        ['metric_key', 'loss'],
        ['max_results', 3],
      ])}`,
    );
    expect((truncated.json.metrics as Point[]).map((metric) => metric.step)).toEqual([30, 0, 10]);
  });

  it('refuses requests without runs or key, and is not served under /api', async () => {
    expect((await call('GET', `${AJAX}/metrics/get-history-bulk?metric_key=loss`)).json.message).toBe(
      'GetMetricHistoryBulk request must specify at least one run_id.',
    );
    expect((await call('GET', `${AJAX}/metrics/get-history-bulk?run_id=x`)).json.message).toBe(
      'GetMetricHistoryBulk request must specify a metric_key.',
    );
    expect((await call('GET', `${API}/metrics/get-history-bulk?run_id=x&metric_key=loss`)).status).toBe(404);
  });
});

describe('runboard metrics/get-history-buckets', () => {
  function bucketsUrl(params: [string, string | number][], base = BUCKETS): string {
    return `${base}?${query(params)}`;
  }

  it('returns first / min / max / last per step bucket, runs in request order', async () => {
    const [one, two] = [await createRun(), await createRun()];
    await logBatch(one, RUN_ONE);
    await logBatch(two, RUN_TWO);
    const reply = await call(
      'GET',
      bucketsUrl([
        ['run_ids', two],
        ['run_ids', one],
        ['run_ids', two],
        ['metric_key', 'loss'],
        ['buckets', 4],
      ]),
    );
    expect(reply.status).toBe(200);
    const buckets = bucketList(reply.json);
    // Run two: steps 0..35 in 16-step buckets 0-15, 16-31, 32-47.
    expect(buckets.map((bucket) => bucket.run_id)).toEqual([two, two, two, one, one, one, one]);
    // Run one: steps 0..110 in at most 4 aligned power-of-two buckets: 0-31, 32-63, 64-95, 96-127.
    expect(buckets.slice(3).map((bucket) => [bucket.step_start, bucket.step_end, bucket.count])).toEqual([
      [0, 31, 5],
      [32, 63, 3],
      [64, 95, 3],
      [96, 127, 2],
    ]);
    // Steps 0, 10, 20 and 30 twice (0.05 logged before 0.25).
    expect(buckets[3]).toEqual({
      run_id: one,
      key: 'loss',
      step_start: 0,
      step_end: 31,
      first_step: 0,
      first: 1,
      min_step: 30,
      min: 0.05,
      max_step: 0,
      max: 1,
      last_step: 30,
      last: 0.25,
      last_timestamp: 1_700_000_000_103,
      count: 5,
    });
  });

  it('is also served under /api/2.0/runboard, honours a step window, and answers {} when empty', async () => {
    const runId = await createRun();
    await logBatch(runId, RUN_ONE);
    const reply = await call(
      'GET',
      bucketsUrl(
        [
          ['run_ids', runId],
          ['metric_key', 'loss'],
          ['start_step', 20],
          ['end_step', 40],
        ],
        '/api/2.0/runboard/metrics/get-history-buckets',
      ),
    );
    const buckets = bucketList(reply.json);
    // A 21-step window with the default 1000 buckets: one bucket per step, only logged steps appear.
    expect(buckets.map((bucket) => [bucket.step_start, bucket.step_end, bucket.count])).toEqual([
      [20, 20, 1],
      [30, 30, 2],
      [40, 40, 1],
    ]);
    expect(
      (
        await call(
          'GET',
          bucketsUrl([
            ['run_ids', runId],
            ['metric_key', 'nope'],
          ]),
        )
      ).json,
    ).toEqual({});
    expect(
      (
        await call(
          'GET',
          bucketsUrl([
            ['run_ids', runId],
            ['metric_key', 'loss'],
            ['start_step', 500],
            ['end_step', 600],
          ]),
        )
      ).json,
    ).toEqual({});
  });

  it.each([
    [[['metric_key', 'loss']], "'run_ids'"],
    [[['run_ids', 'x']], "'metric_key'"],
    [
      [
        ['run_ids', 'x'],
        ['metric_key', 'loss'],
        ['buckets', 0],
      ],
      'buckets must be between 1 and 5000',
    ],
    [
      [
        ['run_ids', 'x'],
        ['metric_key', 'loss'],
        ['buckets', 5001],
      ],
      'buckets must be between 1 and 5000',
    ],
    [
      [
        ['run_ids', 'x'],
        ['metric_key', 'loss'],
        ['start_step', 5],
        ['end_step', 1],
      ],
      'end_step must not be less than start_step',
    ],
    [[...Array.from({ length: 101 }, (_, i): [string, string] => ['run_ids', `r${i}`]), ['metric_key', 'loss']], 'at most 100 run_ids'],
  ] as [[string, string | number][], string][])('refuses %j with 400', async (params, message) => {
    const reply = await call('GET', bucketsUrl(params));
    expect(reply.status).toBe(400);
    expect(reply.json.message).toContain(message);
  });

  it('gives the same answer from the summary pyramid as from the points, for a long history with a spike', async () => {
    const runId = await createRun();
    const points: BucketPoint[] = [];
    let state = 42;
    const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let step = 0; step < 40_000; step += 1) {
      const roll = next();
      const isNan = roll < 0.01;
      const value = step === 31_337 ? 1e12 : roll > 0.995 ? Infinity : roll > 0.99 ? -Infinity : Math.round(next() * 100) / 8;
      points.push({ step, timestamp: 1_700_000_000_000 + step, value, isNan });
      // Some steps carry a second value, logged later.
      if (roll > 0.5 && roll < 0.55) points.push({ step, timestamp: 1_800_000_000_000 + step, value: value / 2, isNan: false });
    }
    points.sort((a, b) => a.step - b.step || a.timestamp - b.timestamp || (a.isNan ? 0 : a.value) - (b.isNan ? 0 : b.value));
    await insertPoints(runId, points);
    const check = async (bucketCount: number, window?: [number, number]) => {
      const params: [string, string | number][] = [
        ['run_ids', runId],
        ['metric_key', 'loss'],
        ['buckets', bucketCount],
      ];
      if (window) params.push(['start_step', window[0]], ['end_step', window[1]]);
      const reply = await call('GET', bucketsUrl(params));
      expect(reply.status).toBe(200);
      const lo = window?.[0] ?? 0;
      const hi = window?.[1] ?? 39_999;
      const width = alignedBucketWidth(lo, hi, bucketCount);
      const expected = bucketPoints(
        points.filter(
          (point) => Math.floor(point.step / width) >= Math.floor(lo / width) && Math.floor(point.step / width) <= Math.floor(hi / width),
        ),
        width,
      ).map((stats) => ({
        run_id: runId,
        key: 'loss',
        step_start: stats.start,
        step_end: stats.end,
        first_step: stats.firstStep,
        first: wire(stats.first),
        min_step: stats.minStep,
        min: wire(stats.min),
        max_step: stats.maxStep,
        max: wire(stats.max),
        last_step: stats.lastStep,
        last: wire(stats.last),
        last_timestamp: stats.lastTimestamp,
        count: stats.count,
      }));
      expect(bucketList(reply.json)).toEqual(expected);
      return bucketList(reply.json);
    };
    // Widths 64, 8192, 256 and 16 read summary levels 0, 3, 1 and 0; width 8 reads the points.
    const buckets = await check(1000);
    expect(buckets.find((bucket) => bucket.max === 1e12)?.max_step).toBe(31_337);
    await check(7);
    await check(300);
    await check(5000, [10_000, 35_000]);
    await check(100, [31_000, 32_000]);
  });

  it('keeps the summaries right as points are appended and logged out of order', async () => {
    const runId = await createRun();
    const logged: Point[] = [];
    const log = async (points: Point[]) => {
      logged.push(...points);
      for (let start = 0; start < points.length; start += 1000) await logBatch(runId, points.slice(start, start + 1000));
    };
    const answer = async () =>
      bucketList(
        (
          await call(
            'GET',
            bucketsUrl([
              ['run_ids', runId],
              ['metric_key', 'loss'],
              ['buckets', 50],
            ]),
          )
        ).json,
      ).map((bucket) => [bucket.step_start, bucket.count, bucket.min, bucket.max, bucket.last]);
    const expected = () => {
      const points = logged
        .map((point) => ({ step: point.step, timestamp: point.timestamp, value: Number(point.value), isNan: false }))
        .sort((a, b) => a.step - b.step || a.timestamp - b.timestamp || a.value - b.value);
      const width = alignedBucketWidth(points[0]?.step ?? 0, points[points.length - 1]?.step ?? 0, 50);
      return bucketPoints(points, width).map((bucket) => [bucket.start, bucket.count, bucket.min, bucket.max, bucket.last]);
    };
    await log(Array.from({ length: 3000 }, (_, step) => ({ value: Math.sin(step / 50), timestamp: 1_000 + step, step })));
    expect(await answer()).toEqual(expected());
    // Appended steps, and a spike written into the middle of already summarized blocks.
    await log(Array.from({ length: 2000 }, (_, i) => ({ value: Math.cos(i / 30), timestamp: 5_000 + i, step: 3000 + i })));
    await log([{ value: 42, timestamp: 9_000, step: 1234 }]);
    const after = await answer();
    expect(after).toEqual(expected());
    expect(after.some((bucket) => bucket[3] === 42)).toBe(true);
  });

  describe('binary answer (Accept: application/octet-stream)', () => {
    async function fetchBuckets(params: [string, string | number][], accept?: string) {
      return app.inject({ method: 'GET', url: bucketsUrl(params), headers: accept ? { accept } : {} });
    }
    /** The reply's bytes in an ArrayBuffer of their own (as a browser's response.arrayBuffer() gives). */
    const bodyBuffer = (payload: Buffer): ArrayBuffer => new Uint8Array(payload).buffer;

    it('carries the same buckets as JSON, NaN and ±Infinity included, for several runs', async () => {
      const [one, two, empty] = [await createRun(), await createRun(), await createRun()];
      await logBatch(one, [
        ...RUN_ONE,
        { value: 'NaN', timestamp: 1_700_000_000_300, step: 115 },
        { value: 'Infinity', timestamp: 1_700_000_000_301, step: 120 },
        { value: '-Infinity', timestamp: 1_700_000_000_302, step: 121 },
      ]);
      await logBatch(two, RUN_TWO);
      for (const bucketCount of [4, 1000]) {
        const params: [string, string | number][] = [
          ['run_ids', one],
          ['run_ids', empty],
          ['run_ids', two],
          ['metric_key', 'loss'],
          ['buckets', bucketCount],
        ];
        const json = await fetchBuckets(params);
        expect(json.headers['content-type']).toMatch(/^application\/json/);
        const binary = await fetchBuckets(params, 'application/octet-stream, application/json;q=0.5');
        expect(binary.statusCode).toBe(200);
        expect(binary.headers['content-type']).toBe('application/octet-stream');
        expect(binary.headers.vary).toMatch(/Accept/i);
        const fromBinary = decodeBucketsBinary(bodyBuffer(binary.rawPayload));
        expect(fromBinary.map((series) => series.runId)).toEqual([one, two]);
        expect(fromBinary.map(plainColumns)).toEqual(decodeBucketsJson(json.json<{ series?: MetricBucketSeries[] }>()).map(plainColumns));
      }
      const fine = decodeBucketsBinary(
        bodyBuffer(
          (
            await fetchBuckets(
              [
                ['run_ids', one],
                ['metric_key', 'loss'],
                ['start_step', 115],
                ['end_step', 121],
              ],
              'application/octet-stream',
            )
          ).rawPayload,
        ),
      );
      expect(fine.map((series) => [...series.max])).toEqual([[NaN, Infinity, -Infinity]]);
      expect(fine.map((series) => [...series.maxStep])).toEqual([[115, 120, 121]]);
    });

    it('answers an empty binary body for no data, JSON to other Accept headers, and errors as JSON', async () => {
      const runId = await createRun();
      await logBatch(runId, RUN_ONE);
      const none = await fetchBuckets(
        [
          ['run_ids', runId],
          ['metric_key', 'nope'],
        ],
        'application/octet-stream',
      );
      expect(none.headers['content-type']).toBe('application/octet-stream');
      expect(decodeBucketsBinary(bodyBuffer(none.rawPayload))).toEqual([]);
      for (const accept of ['*/*', 'application/json', 'application/octet-stream;q=0, application/json']) {
        const reply = await fetchBuckets(
          [
            ['run_ids', runId],
            ['metric_key', 'loss'],
          ],
          accept,
        );
        expect(reply.headers['content-type']).toMatch(/^application\/json/);
        expect(bucketList(reply.json()).length).toBe(12);
      }
      const refused = await fetchBuckets(
        [
          ['run_ids', runId],
          ['metric_key', 'loss'],
          ['buckets', 0],
        ],
        'application/octet-stream',
      );
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
    });
  });

  it('summarizes logged series in the background once the server is idle', async () => {
    const runId = await createRun();
    await logBatch(runId, RUN_ONE);
    const stale = async () =>
      (await context.db.selectFrom('metric_summary_stale').select('key').where('run_uuid', '=', runId).execute()).length;
    expect(await stale()).toBe(1);
    await vi.waitFor(async () => expect(await stale()).toBe(0), { timeout: 5000, interval: 100 });
    const levels = await Promise.all(SUMMARY_BLOCK_SIZES.map((_, level) => readBlocks(context.db, runId, 'loss', level, null, null)));
    // 13 points: steps 0-110 in 16-step blocks at level 0, one block at every level above.
    expect(levels[0]?.map((block) => [block.block, block.count])).toEqual([
      [0, 2],
      [1, 3],
      [2, 1],
      [3, 2],
      [4, 1],
      [5, 2],
      [6, 2],
    ]);
    expect(
      levels.slice(1).map((blocks) => blocks.map((block) => [block.block, block.count, block.min, block.max, block.lastStep])),
    ).toEqual(Array.from({ length: 5 }, () => [[0, 13, 0.05, 1, 110]]));
    // Stored 64 blocks to a row: reading a range returns exactly the blocks asked for.
    expect((await readBlocks(context.db, runId, 'loss', 0, 2, 4)).map((block) => block.block)).toEqual([2, 3, 4]);
  });
});

type Bucket = {
  run_id: string;
  key: string;
  step_start: number;
  step_end: number;
  first_step: number;
  first: number | string;
  min_step: number;
  min: number | string;
  max_step: number;
  max: number | string;
  last_step: number;
  last: number | string;
  last_timestamp: number;
  count: number;
};

/** The answer's parallel arrays as one object per bucket, easier to read in expectations. */
function bucketList(json: Record<string, unknown>): Bucket[] {
  return ((json.series ?? []) as MetricBucketSeries[]).flatMap((series) => {
    const lengths = new Set(
      [
        series.count,
        series.first_step,
        series.first,
        series.min_step,
        series.min,
        series.max_step,
        series.max,
        series.last_step,
        series.last,
        series.last_timestamp,
      ].map((column) => column.length),
    );
    expect([...lengths]).toEqual([series.step_start.length]);
    return series.step_start.map((start, i) => ({
      run_id: series.run_id,
      key: series.key,
      step_start: start,
      step_end: start + series.bucket_width - 1,
      first_step: series.first_step[i] as number,
      first: series.first[i] as number | string,
      min_step: series.min_step[i] as number,
      min: series.min[i] as number | string,
      max_step: series.max_step[i] as number,
      max: series.max[i] as number | string,
      last_step: series.last_step[i] as number,
      last: series.last[i] as number | string,
      last_timestamp: series.last_timestamp[i] as number,
      count: series.count[i] as number,
    }));
  });
}

function wire(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

/** Decoded columns as plain arrays (typed-array kinds differ between the two wire forms). */
function plainColumns(series: BucketColumns): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(series).map(([name, value]) => [name, ArrayBuffer.isView(value) ? Array.from(value as Float64Array) : value]),
  );
}
