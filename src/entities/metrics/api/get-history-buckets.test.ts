import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NumericBucket } from '../../../lib/chart-math/envelope';
import type { MetricBucketSeries } from '../../../lib/mlflow/wire-types';
import { BUCKETS_REFINING_HEADER, decodeBucketsJson, encodeBucketsBinary } from '../../../lib/mlflow/history-buckets-wire';
import type { HistoryBucketsResult } from '../metric-model';
import { bucketsFromColumns, getHistoryBuckets, historyBucketsQueryOptions, resetBucketsEndpointDetection } from './get-history-buckets';

const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => {
  vi.stubGlobal('fetch', fetchMock);
  fetchMock.mockReset();
  resetBucketsEndpointDetection();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const series: MetricBucketSeries = {
  run_id: 'r1',
  key: 'loss',
  bucket_width: 16,
  step_start: [0, 32],
  count: [3, 1],
  first_step: [1, 40],
  first: [0.5, 'NaN'],
  min_step: [2, 40],
  min: ['-Infinity', 'NaN'],
  max_step: [1, 40],
  max: [0.5, 'NaN'],
  last_step: [15, 40],
  last: [0.25, 'NaN'],
  last_timestamp: [1000, 2000],
};

/** A bucket's fields as a plain object (buckets read their values from the decoded columns). */
function plainBucket(bucket: NumericBucket): NumericBucket {
  const { stepStart, stepEnd, firstStep, first, minStep, min, maxStep, max, lastStep, last, lastTimestamp, count } = bucket;
  return { stepStart, stepEnd, firstStep, first, minStep, min, maxStep, max, lastStep, last, lastTimestamp, count };
}

describe('bucketsFromColumns', () => {
  it('turns parallel arrays into buckets, reading NaN and infinities', () => {
    const [columns] = decodeBucketsJson({ series: [series] });
    expect(columns && bucketsFromColumns(columns).map(plainBucket)).toEqual([
      {
        stepStart: 0,
        stepEnd: 15,
        firstStep: 1,
        first: 0.5,
        minStep: 2,
        min: -Infinity,
        maxStep: 1,
        max: 0.5,
        lastStep: 15,
        last: 0.25,
        lastTimestamp: 1000,
        count: 3,
      },
      {
        stepStart: 32,
        stepEnd: 47,
        firstStep: 40,
        first: NaN,
        minStep: 40,
        min: NaN,
        maxStep: 40,
        max: NaN,
        lastStep: 40,
        last: NaN,
        lastTimestamp: 2000,
        count: 1,
      },
    ]);
  });
});

describe('getHistoryBuckets', () => {
  it('asks the Runboard endpoint and groups the answer by run', async () => {
    fetchMock.mockResolvedValueOnce(new Response(JSON.stringify({ series: [series] }), { status: 200 }));
    const result = await getHistoryBuckets({ runIds: ['r1', 'r2'], metricKey: 'loss', buckets: 500, startStep: 10.4, endStep: 99.2 });
    const url = fetchMock.mock.calls[0]?.[0] as string;
    expect(url).toContain('/ajax-api/2.0/runboard/metrics/get-history-buckets?');
    expect(url).toContain('run_ids=r1&run_ids=r2');
    expect(url).toContain('start_step=10&end_step=100');
    expect(result.source).toBe('buckets');
    expect([...result.byRun.keys()]).toEqual(['r1']);
    expect(result.byRun.get('r1')).toHaveLength(2);
    // It asks for the binary form first, JSON as the fallback.
    expect(new Headers(fetchMock.mock.calls[0]?.[1]?.headers).get('accept')).toMatch(/^application\/octet-stream, application\/json/);
  });

  it('reads a binary answer into the same buckets as its JSON form', async () => {
    const body = encodeBucketsBinary([
      {
        runId: 'r1',
        key: 'loss',
        bucketWidth: 16,
        buckets: [
          {
            start: 0,
            count: 3,
            firstStep: 1,
            first: 0.5,
            minStep: 2,
            min: -Infinity,
            maxStep: 1,
            max: 0.5,
            lastStep: 15,
            last: 0.25,
            lastTimestamp: 1000,
          },
          {
            start: 32,
            count: 1,
            firstStep: 40,
            first: NaN,
            minStep: 40,
            min: NaN,
            maxStep: 40,
            max: NaN,
            lastStep: 40,
            last: NaN,
            lastTimestamp: 2000,
          },
        ],
      },
    ]);
    fetchMock.mockResolvedValueOnce(new Response(body.slice(), { status: 200, headers: { 'content-type': 'application/octet-stream' } }));
    const binary = await getHistoryBuckets({ runIds: ['r1'], metricKey: 'loss', buckets: 500 });
    const [columns] = decodeBucketsJson({ series: [series] });
    expect(binary.byRun.get('r1')?.map(plainBucket)).toEqual(columns && bucketsFromColumns(columns).map(plainBucket));
  });

  it('falls back to get-history-bulk-interval (and stays there) when the server lacks the endpoint', async () => {
    const missing = () => new Response(JSON.stringify({ error_code: 'ENDPOINT_NOT_FOUND', message: 'No such endpoint' }), { status: 404 });
    const sampled = () =>
      new Response(
        JSON.stringify({
          metrics: [
            { run_id: 'r1', key: 'loss', value: 1, timestamp: 5, step: 0 },
            { run_id: 'r1', key: 'loss', value: 'NaN', timestamp: 6, step: 3 },
          ],
        }),
        { status: 200 },
      );
    fetchMock.mockResolvedValueOnce(missing()).mockResolvedValueOnce(sampled()).mockResolvedValueOnce(sampled());
    const first = await getHistoryBuckets({ runIds: ['r1'], metricKey: 'loss', buckets: 300 });
    expect(first.source).toBe('sampled');
    expect(first.byRun.get('r1')?.map((bucket) => [bucket.stepStart, bucket.last])).toEqual([
      [0, 1],
      [3, NaN],
    ]);
    await getHistoryBuckets({ runIds: ['r1'], metricKey: 'loss', buckets: 300 });
    const urls = fetchMock.mock.calls.map((call) => call[0] as string);
    expect(urls.map((url) => url.includes('get-history-buckets'))).toEqual([true, false, false]);
    expect(urls[1]).toContain('/metrics/get-history-bulk-interval?');
  });

  it('passes other server errors on', async () => {
    fetchMock.mockResolvedValueOnce(
      new Response(JSON.stringify({ error_code: 'INVALID_PARAMETER_VALUE', message: 'bad' }), { status: 400 }),
    );
    await expect(getHistoryBuckets({ runIds: ['r1'], metricKey: 'loss', buckets: 300 })).rejects.toThrow('bad');
  });

  it('asks for a first answer that may be refined only when told, and reads the refining header', async () => {
    fetchMock.mockResolvedValueOnce(
      new Response(JSON.stringify({ series: [series] }), { status: 200, headers: { [BUCKETS_REFINING_HEADER]: '1' } }),
    );
    const coarse = await getHistoryBuckets({ runIds: ['r1'], metricKey: 'loss', buckets: 300 }, undefined, { allowRefining: true });
    expect(fetchMock.mock.calls[0]?.[0] as string).toContain('allow_refining=true');
    expect(coarse.refining).toBe(true);
    fetchMock.mockResolvedValueOnce(new Response(JSON.stringify({ series: [series] }), { status: 200 }));
    const exact = await getHistoryBuckets({ runIds: ['r1'], metricKey: 'loss', buckets: 300 });
    expect(fetchMock.mock.calls[1]?.[0] as string).not.toContain('allow_refining');
    expect(exact.refining).toBe(false);
  });
});

describe('historyBucketsQueryOptions', () => {
  /** The server's first answer is a sampled one (max 0.5, marked refining), its second the exact one (max 42). */
  function answerSampledThenExact(): void {
    fetchMock
      .mockResolvedValueOnce(
        new Response(JSON.stringify({ series: [{ ...series, max: [0.5, 'NaN'] }] }), {
          status: 200,
          headers: { [BUCKETS_REFINING_HEADER]: '1' },
        }),
      )
      .mockResolvedValueOnce(new Response(JSON.stringify({ series: [{ ...series, max: [42, 'NaN'] }] }), { status: 200 }));
  }

  it('draws a refining first answer, then asks again at once without allow_refining and keeps the exact one', async () => {
    answerSampledThenExact();
    const client = new QueryClient();
    const observer = new QueryObserver(client, historyBucketsQueryOptions({ runIds: ['r1'], metricKey: 'loss', buckets: 300 }));
    const seen: HistoryBucketsResult[] = [];
    const unsubscribe = observer.subscribe((result) => {
      if (result.data && !seen.includes(result.data)) seen.push(result.data);
    });
    await vi.waitFor(() => expect(seen.at(-1)?.refining).toBe(false));
    unsubscribe();
    client.clear();
    expect(seen.map((result) => [result.refining, result.byRun.get('r1')?.[0]?.max])).toEqual([
      [true, 0.5],
      [false, 42],
    ]);
    const urls = fetchMock.mock.calls.map((call) => call[0] as string);
    expect(urls).toHaveLength(2);
    expect(urls[0]).toContain('allow_refining=true');
    expect(urls[1]).not.toContain('allow_refining');
  });

  it('refines a prefetched answer even while the chart that reads it is not in view yet (its query disabled)', async () => {
    answerSampledThenExact();
    const client = new QueryClient();
    const options = historyBucketsQueryOptions({ runIds: ['r1'], metricKey: 'loss', buckets: 300 });
    // The route loader's prefetch, and a chart mounted before its IntersectionObserver answered.
    const prefetched = client.prefetchQuery(options);
    const observer = new QueryObserver(client, { ...options, enabled: false });
    const unsubscribe = observer.subscribe(() => undefined);
    await prefetched;
    await vi.waitFor(() => expect(client.getQueryData(options.queryKey)?.refining).toBe(false));
    observer.setOptions({ ...options, enabled: true });
    expect(observer.getCurrentResult().data?.byRun.get('r1')?.[0]?.max).toBe(42);
    unsubscribe();
    client.clear();
    expect(fetchMock.mock.calls.map((call) => call[0] as string)[1]).not.toContain('allow_refining');
  });
});
