import { describe, expect, it } from 'vitest';
import {
  acceptsBucketsBinary,
  BucketsWireError,
  decodeBucketsBinary,
  decodeBucketsJson,
  encodeBucketsBinary,
  encodeBucketsJson,
  type BucketColumns,
  type BucketRow,
  type BucketSeriesInput,
} from './history-buckets-wire';

function bucket(start: number, width: number, values: [number, number, number, number], offsets = [0, 1, 2, 3]): BucketRow {
  const [first, min, max, last] = values;
  const [firstOffset = 0, minOffset = 0, maxOffset = 0, lastOffset = 0] = offsets.map((offset) => Math.min(offset, width - 1));
  return {
    start,
    count: 4,
    firstStep: start + firstOffset,
    first,
    minStep: start + minOffset,
    min,
    maxStep: start + maxOffset,
    max,
    lastStep: start + lastOffset,
    last,
    lastTimestamp: 1_700_000_000_000 + start,
  };
}

/** What an encoded series should decode to. */
function expectedColumns(series: BucketSeriesInput): Record<string, unknown> {
  const column = (pick: (row: BucketRow) => number) => series.buckets.map(pick);
  return {
    runId: series.runId,
    key: series.key,
    bucketWidth: series.bucketWidth,
    stepStart: column((row) => row.start),
    count: column((row) => row.count),
    firstStep: column((row) => row.firstStep),
    first: column((row) => row.first),
    minStep: column((row) => row.minStep),
    min: column((row) => row.min),
    maxStep: column((row) => row.maxStep),
    max: column((row) => row.max),
    lastStep: column((row) => row.lastStep),
    last: column((row) => row.last),
    lastTimestamp: column((row) => row.lastTimestamp),
  };
}

function plain(series: BucketColumns): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(series).map(([name, value]) => [name, ArrayBuffer.isView(value) ? Array.from(value as Float64Array) : value]),
  );
}

/** The encoder's bytes in an ArrayBuffer of their own, as a browser's response.arrayBuffer() gives them. */
const ownBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

const SERIES: BucketSeriesInput[] = [
  {
    runId: 'run-a',
    key: 'train/loss',
    bucketWidth: 16,
    buckets: [
      bucket(0, 16, [1, 0.5, 2, 0.75]),
      bucket(16, 16, [NaN, -Infinity, Infinity, NaN], [15, 3, 9, 15]),
      bucket(48, 16, [0.1, 0.1, 0.1, 0.1]),
    ],
  },
  { runId: 'run-ü ✓', key: 'ключ', bucketWidth: 1, buckets: [bucket(2 ** 52, 1, [-0.25, -0.25, -0.25, -0.25])] },
];

describe('get-history-buckets wire forms', () => {
  it('round-trips series through the binary form, NaN, ±Infinity, non-ASCII names and huge steps included', () => {
    const decoded = decodeBucketsBinary(ownBuffer(encodeBucketsBinary(SERIES)));
    expect(decoded.map(plain)).toEqual(SERIES.map(expectedColumns));
  });

  it('round-trips the same series through the JSON form (NaN and ±Infinity as strings)', () => {
    const json = JSON.parse(JSON.stringify(encodeBucketsJson(SERIES))) as ReturnType<typeof encodeBucketsJson>;
    expect(json.series?.[0]?.max).toEqual([2, 'Infinity', 0.1]);
    expect(json.series?.[0]?.first).toEqual([1, 'NaN', 0.1]);
    expect(decodeBucketsJson(json).map(plain)).toEqual(SERIES.map(expectedColumns));
  });

  it('leaves out empty series and encodes no series at all', () => {
    const withEmpty = [{ runId: 'none', key: 'k', bucketWidth: 1, buckets: [] }, ...SERIES];
    expect(decodeBucketsBinary(ownBuffer(encodeBucketsBinary(withEmpty))).map((series) => series.runId)).toEqual(['run-a', 'run-ü ✓']);
    expect(decodeBucketsBinary(ownBuffer(encodeBucketsBinary([])))).toEqual([]);
    expect(encodeBucketsJson([{ runId: 'none', key: 'k', bucketWidth: 1, buckets: [] }])).toEqual({});
    expect(decodeBucketsJson({})).toEqual([]);
  });

  it('keeps exact steps in buckets wider than 2^32 steps (64-bit offsets)', () => {
    const width = 2 ** 40;
    const wide: BucketSeriesInput = {
      runId: 'wide',
      key: 'k',
      bucketWidth: width,
      buckets: [{ ...bucket(0, width, [1, 0, 3, 2]), maxStep: width - 1, lastStep: 2 ** 33 + 7 }],
    };
    const [decoded] = decodeBucketsBinary(ownBuffer(encodeBucketsBinary([wide])));
    expect(decoded && plain(decoded)).toEqual(expectedColumns(wide));
  });

  it('is smaller than JSON for realistic values (full-precision doubles, millisecond timestamps)', () => {
    let state = 7;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const buckets = Array.from({ length: 1500 }, (_, i) =>
      bucket(i * 64, 64, [random(), random() / 2, random() * 2, random()], [0, 17, 40, 63]),
    );
    const series = [{ runId: 'a'.repeat(32), key: 'train/loss', bucketWidth: 64, buckets }];
    const binary = encodeBucketsBinary(series).length;
    const json = JSON.stringify(encodeBucketsJson(series)).length;
    expect(binary).toBeLessThan(json * 0.6);
  });

  it('refuses bodies that are not a binary buckets answer', () => {
    expect(() => decodeBucketsBinary(new TextEncoder().encode('{"series":[]}').buffer)).toThrow(BucketsWireError);
    const truncated = encodeBucketsBinary(SERIES).slice(0, 200);
    expect(() => decodeBucketsBinary(ownBuffer(truncated))).toThrow(BucketsWireError);
  });

  it('negotiates the binary form only when Accept names it with a non-zero quality', () => {
    expect(acceptsBucketsBinary('application/octet-stream')).toBe(true);
    expect(acceptsBucketsBinary('application/json;q=0.5, Application/Octet-Stream;q=1')).toBe(true);
    expect(acceptsBucketsBinary('application/octet-stream;q=0')).toBe(false);
    expect(acceptsBucketsBinary('*/*')).toBe(false);
    expect(acceptsBucketsBinary('application/json')).toBe(false);
    expect(acceptsBucketsBinary(undefined)).toBe(false);
  });
});
