// The two wire forms of Runboard's get-history-buckets, encoder and decoder in one place (shared by
// mock-server/ and src/, and by every server path that answers the route: the store and the proxy
// cache). JSON is the default and the fallback; a client that sends `Accept: application/octet-stream`
// gets the same series as one binary body of little-endian typed-array columns, which the browser
// reads as views on the response buffer without parsing a number.
//
// Binary layout (all integers little-endian):
//   bytes 0-3   magic "RBB1"
//   bytes 4-7   u32 header length H
//   H bytes     UTF-8 JSON header {"series":[{"run_id","key","bucket_width","buckets","step_offsets"}]}
//   padding to a multiple of 8, then per series, in header order, `buckets` (n) values per column:
//     f64 columns: step_start, first, min, max, last, last_timestamp
//     then either u32 columns (step_offsets "u32"): count, first/min/max/last step − step_start
//     or f64 columns (step_offsets "f64", buckets wider than 2^32 steps): the same, count included
//   padding to a multiple of 8 before the next series.
// Doubles travel as IEEE 754 bits, so NaN and ±Infinity need no string form. A bucket's steps lie
// in [step_start, step_start + bucket_width − 1], so offsets fit in 32 bits unless the width does not.
import type { MetricBucketSeries, WireDouble } from './wire-types';

export const BUCKETS_BINARY_CONTENT_TYPE = 'application/octet-stream';
const MAGIC = [0x52, 0x42, 0x42, 0x31]; // "RBB1"
const MAX_U32_OFFSET = 2 ** 32;

/** One bucket as the server computes it (mock-server's BucketStats has these fields and more). */
export interface BucketRow {
  start: number;
  count: number;
  firstStep: number;
  first: number;
  minStep: number;
  min: number;
  maxStep: number;
  max: number;
  lastStep: number;
  last: number;
  lastTimestamp: number;
}

/** One run's buckets of one metric, ready to encode: non-empty buckets in step order. */
export interface BucketSeriesInput {
  runId: string;
  key: string;
  bucketWidth: number;
  buckets: readonly BucketRow[];
}

/** One run's buckets as parallel typed arrays (index i is bucket i): the decoded form of either wire. */
export interface BucketColumns {
  runId: string;
  key: string;
  bucketWidth: number;
  stepStart: Float64Array;
  count: Float64Array | Uint32Array;
  firstStep: Float64Array;
  first: Float64Array;
  minStep: Float64Array;
  min: Float64Array;
  maxStep: Float64Array;
  max: Float64Array;
  lastStep: Float64Array;
  last: Float64Array;
  lastTimestamp: Float64Array;
}

interface BinaryHeaderSeries {
  run_id: string;
  key: string;
  bucket_width: number;
  buckets: number;
  step_offsets: 'u32' | 'f64';
}

function toWireDouble(value: number): WireDouble {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

function fromWireDouble(value: WireDouble | undefined): number {
  if (typeof value === 'number') return value;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (value === undefined || value === 'NaN') return NaN;
  return Number(value);
}

/** The JSON answer: `{series: [...]}`, or `{}` when no run has points (MLflow omits empty lists). */
export function encodeBucketsJson(series: readonly BucketSeriesInput[]): { series?: MetricBucketSeries[] } {
  const list = series
    .filter((entry) => entry.buckets.length > 0)
    .map(({ runId, key, bucketWidth, buckets }) => ({
      run_id: runId,
      key,
      bucket_width: bucketWidth,
      step_start: buckets.map((bucket) => bucket.start),
      count: buckets.map((bucket) => bucket.count),
      first_step: buckets.map((bucket) => bucket.firstStep),
      first: buckets.map((bucket) => toWireDouble(bucket.first)),
      min_step: buckets.map((bucket) => bucket.minStep),
      min: buckets.map((bucket) => toWireDouble(bucket.min)),
      max_step: buckets.map((bucket) => bucket.maxStep),
      max: buckets.map((bucket) => toWireDouble(bucket.max)),
      last_step: buckets.map((bucket) => bucket.lastStep),
      last: buckets.map((bucket) => toWireDouble(bucket.last)),
      last_timestamp: buckets.map((bucket) => bucket.lastTimestamp),
    }));
  return list.length > 0 ? { series: list } : {};
}

const pad8 = (offset: number): number => Math.ceil(offset / 8) * 8;

function seriesBytes(header: BinaryHeaderSeries): number {
  const n = header.buckets;
  return pad8(n * 8 * 6 + n * (header.step_offsets === 'u32' ? 4 : 8) * 5);
}

/** The binary answer (see the layout above). */
export function encodeBucketsBinary(series: readonly BucketSeriesInput[]): Uint8Array {
  const nonEmpty = series.filter((entry) => entry.buckets.length > 0);
  const headers: BinaryHeaderSeries[] = nonEmpty.map((entry) => ({
    run_id: entry.runId,
    key: entry.key,
    bucket_width: entry.bucketWidth,
    buckets: entry.buckets.length,
    step_offsets: entry.bucketWidth <= MAX_U32_OFFSET ? 'u32' : 'f64',
  }));
  const headerBytes = new TextEncoder().encode(JSON.stringify({ series: headers }));
  const dataStart = pad8(8 + headerBytes.length);
  const total = headers.reduce((sum, header) => sum + seriesBytes(header), dataStart);
  const buffer = new ArrayBuffer(total);
  const bytes = new Uint8Array(buffer);
  bytes.set(MAGIC, 0);
  new DataView(buffer).setUint32(4, headerBytes.length, true);
  bytes.set(headerBytes, 8);
  let offset = dataStart;
  nonEmpty.forEach((entry, index) => {
    const header = headers[index] as BinaryHeaderSeries;
    const n = header.buckets;
    const doubles = new Float64Array(buffer, offset, n * 6);
    const intView =
      header.step_offsets === 'u32' ? new Uint32Array(buffer, offset + n * 48, n * 5) : new Float64Array(buffer, offset + n * 48, n * 5);
    entry.buckets.forEach((bucket, i) => {
      doubles[i] = bucket.start;
      doubles[n + i] = bucket.first;
      doubles[2 * n + i] = bucket.min;
      doubles[3 * n + i] = bucket.max;
      doubles[4 * n + i] = bucket.last;
      doubles[5 * n + i] = bucket.lastTimestamp;
      intView[i] = bucket.count;
      intView[n + i] = bucket.firstStep - bucket.start;
      intView[2 * n + i] = bucket.minStep - bucket.start;
      intView[3 * n + i] = bucket.maxStep - bucket.start;
      intView[4 * n + i] = bucket.lastStep - bucket.start;
    });
    offset += seriesBytes(header);
  });
  return bytes;
}

export class BucketsWireError extends Error {}

function absoluteSteps(stepStart: Float64Array, offsets: ArrayLike<number>): Float64Array {
  const steps = new Float64Array(stepStart.length);
  for (let i = 0; i < steps.length; i += 1) steps[i] = (stepStart[i] as number) + (offsets[i] as number);
  return steps;
}

/** Reads a binary answer; the double columns are views on `buffer` (no copy). Throws BucketsWireError when malformed. */
export function decodeBucketsBinary(buffer: ArrayBuffer): BucketColumns[] {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 8 || MAGIC.some((byte, i) => bytes[i] !== byte)) throw new BucketsWireError('Not a get-history-buckets binary answer');
  const headerLength = new DataView(buffer).getUint32(4, true);
  if (8 + headerLength > bytes.length) throw new BucketsWireError('Truncated get-history-buckets header');
  let header: { series?: BinaryHeaderSeries[] };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as { series?: BinaryHeaderSeries[] };
  } catch {
    throw new BucketsWireError('Malformed get-history-buckets header');
  }
  let offset = pad8(8 + headerLength);
  return (header.series ?? []).map((entry) => {
    const n = entry.buckets;
    if (offset + seriesBytes(entry) > buffer.byteLength) throw new BucketsWireError('Truncated get-history-buckets body');
    const column = (index: number) => new Float64Array(buffer, offset + index * n * 8, n);
    const ints =
      entry.step_offsets === 'u32' ? new Uint32Array(buffer, offset + n * 48, n * 5) : new Float64Array(buffer, offset + n * 48, n * 5);
    const stepStart = column(0);
    const intColumn = (index: number) => ints.subarray(index * n, (index + 1) * n);
    const decoded: BucketColumns = {
      runId: entry.run_id,
      key: entry.key,
      bucketWidth: entry.bucket_width,
      stepStart,
      first: column(1),
      min: column(2),
      max: column(3),
      last: column(4),
      lastTimestamp: column(5),
      count: intColumn(0),
      firstStep: absoluteSteps(stepStart, intColumn(1)),
      minStep: absoluteSteps(stepStart, intColumn(2)),
      maxStep: absoluteSteps(stepStart, intColumn(3)),
      lastStep: absoluteSteps(stepStart, intColumn(4)),
    };
    offset += seriesBytes(entry);
    return decoded;
  });
}

/** Reads a JSON answer into the same columns (a short or missing column reads as NaN). */
export function decodeBucketsJson(body: { series?: MetricBucketSeries[] }): BucketColumns[] {
  return (body.series ?? []).map((series) => {
    const n = series.step_start?.length ?? 0;
    const ints = (values: readonly number[] | undefined) => Float64Array.from({ length: n }, (_, i) => values?.[i] ?? NaN);
    const doubles = (values: readonly WireDouble[] | undefined) => Float64Array.from({ length: n }, (_, i) => fromWireDouble(values?.[i]));
    return {
      runId: series.run_id,
      key: series.key,
      bucketWidth: series.bucket_width,
      stepStart: ints(series.step_start),
      count: ints(series.count),
      firstStep: ints(series.first_step),
      first: doubles(series.first),
      minStep: ints(series.min_step),
      min: doubles(series.min),
      maxStep: ints(series.max_step),
      max: doubles(series.max),
      lastStep: ints(series.last_step),
      last: doubles(series.last),
      lastTimestamp: ints(series.last_timestamp),
    };
  });
}

/** Whether an Accept header asks for the binary form (JSON otherwise, including `*\/*`). */
export function acceptsBucketsBinary(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const [type = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    return type === BUCKETS_BINARY_CONTENT_TYPE && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/**
 * Response header of a first answer built from a sample (`1`), which a --proxy-to server gives to a
 * request with `allow_refining=true` while it fetches full histories: ask again for the exact buckets.
 */
export const BUCKETS_REFINING_HEADER = 'x-runboard-refining';
