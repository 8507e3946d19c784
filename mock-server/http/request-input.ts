// Typed, MLflow-faithful access to request fields, whether they come from a JSON body or a query
// string. Protobuf JSON rules: int64 may be a number or a numeric string, doubles may be the
// strings NaN/Infinity/-Infinity, enums may be names or numbers, "" counts as missing.
import { isLosslessNumber, parse as parseLossless } from 'lossless-json';
import { API_DOCS_HINT, formatValue, invalidParameter, invalidValue, missingValue } from '../errors.js';

export { invalidValue, missingValue } from '../errors.js';

const INT_PATTERN = /^-?\d+$/;
// int64, as protobuf parses MLflow's integer fields. A JSON number loses precision past 2^53, so
// the largest number told apart from 2^63 (out of range) is the double just below it.
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INT64_LIMIT_AS_NUMBER = 2 ** 63;

function outOfInt64(name: string, value: unknown): Error {
  return invalidParameter(
    `Invalid value ${formatValue(value)} for parameter '${name}' supplied: it is out of the range of a 64-bit integer (${INT64_MIN} to ${INT64_MAX}). ${API_DOCS_HINT}`,
  );
}
const FLOAT_PATTERN = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Whether the top-level field `name` of a JSON body is written as a float literal (`9.0`, `1e3`):
 * JavaScript reads `9.0` as 9, Python as a float, and MLflow's messages show Python's reading.
 * Only asked on the way to an error, so the body is parsed a second time only then.
 */
function isFloatLiteral(raw: Buffer, name: string): boolean {
  try {
    let parsed: unknown = parseLossless(raw.toString('utf8'));
    if (typeof parsed === 'string') parsed = parseLossless(parsed);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
    const literal: unknown = (parsed as Record<string, unknown>)[name];
    return isLosslessNumber(literal) && /[.eE]/.test(literal.value);
  } catch {
    return false;
  }
}

export class RequestInput {
  private readonly source: Record<string, unknown>;
  private readonly fromQuery: boolean;
  /** The JSON text the body came from, to tell `9.0` from `9` in error messages. */
  private readonly rawBody: Buffer | undefined;

  private constructor(source: Record<string, unknown>, fromQuery: boolean, rawBody?: Buffer) {
    this.source = source;
    this.fromQuery = fromQuery;
    this.rawBody = rawBody;
  }

  static fromBody(body: Record<string, unknown>, rawBody?: Buffer): RequestInput {
    return new RequestInput(body, false, rawBody);
  }

  /** The error for a field of the wrong type, showing the value as MLflow (Python) read it. */
  private invalid(name: string, value: unknown): Error {
    const asFloat =
      typeof value === 'number' && Number.isInteger(value) && this.rawBody !== undefined && isFloatLiteral(this.rawBody, name);
    return invalidValue(name, value, asFloat || (typeof value === 'number' && !Number.isInteger(value)));
  }

  /** Query values are kept as lists so repeated keys (`?stages=a&stages=b`) survive. */
  static fromQuery(query: Record<string, string[]>): RequestInput {
    return new RequestInput(query, true);
  }

  /** A copy with one field replaced (the auth layer narrows searches to what a user may read). */
  withValue(name: string, value: string | number | string[]): RequestInput {
    const asQuery = Array.isArray(value) ? value : [String(value)];
    return new RequestInput({ ...this.source, [name]: this.fromQuery ? asQuery : value }, this.fromQuery, this.rawBody);
  }

  has(name: string): boolean {
    const value = this.scalar(name);
    return value !== undefined && value !== null;
  }

  raw(name: string): unknown {
    return this.scalar(name);
  }

  private scalar(name: string): unknown {
    const value = this.source[name];
    if (this.fromQuery) return Array.isArray(value) ? value[0] : undefined;
    return value;
  }

  string(name: string): string | undefined {
    const value = this.scalar(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw this.invalid(name, value);
    return value;
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') throw missingValue(name);
    return value;
  }

  int(name: string): number | undefined {
    const value = this.scalar(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isInteger(value)) {
      if (value >= INT64_LIMIT_AS_NUMBER || value < -INT64_LIMIT_AS_NUMBER) throw outOfInt64(name, value);
      return value;
    }
    if (typeof value === 'string' && INT_PATTERN.test(value.trim())) {
      const exact = BigInt(value.trim());
      if (exact > INT64_MAX || exact < INT64_MIN) throw outOfInt64(name, value);
      return Number(exact);
    }
    throw this.invalid(name, value);
  }

  requiredInt(name: string): number {
    const value = this.int(name);
    if (value === undefined) throw missingValue(name);
    return value;
  }

  /** A double: numbers, numeric strings, and the strings NaN / Infinity / -Infinity. */
  double(name: string): number | undefined {
    const value = this.scalar(name);
    if (value === undefined || value === null) return undefined;
    return parseWireDouble(value, name);
  }

  bool(name: string): boolean | undefined {
    const value = this.scalar(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string') {
      const lower = value.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
    }
    throw this.invalid(name, value);
  }

  /** An enum given by name or by its 1-based proto number (`values[0]` has number `firstNumber`). */
  enumValue<T extends string>(name: string, values: readonly T[], firstNumber = 1): T | undefined {
    const value = this.scalar(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
    const asNumber = typeof value === 'number' ? value : typeof value === 'string' && INT_PATTERN.test(value) ? Number(value) : NaN;
    const byNumber = values[asNumber - firstNumber];
    if (Number.isInteger(asNumber) && byNumber !== undefined) return byNumber;
    throw this.invalid(name, value);
  }

  stringList(name: string): string[] {
    const value = this.source[name];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw invalidValue(name, value);
    for (const item of value) if (typeof item !== 'string') throw invalidValue(name, value);
    return value as string[];
  }

  objectList(name: string): Record<string, unknown>[] {
    const value = this.source[name];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw invalidValue(name, value);
    for (const item of value) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw invalidValue(name, value);
    }
    return value as Record<string, unknown>[];
  }
}

export function parseWireDouble(value: unknown, name: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === 'NaN') return NaN;
    if (text === 'Infinity' || text === 'inf') return Infinity;
    if (text === '-Infinity' || text === '-inf') return -Infinity;
    if (FLOAT_PATTERN.test(text)) return Number(text);
  }
  throw invalidValue(name, value);
}
