// Metric values between the wire, JavaScript and the store.
//
// Storage: NaN is kept as value 0 with is_nan = 1 (SQL has no NaN; NULL would sort and compare
// like a missing value); ±Infinity are stored as REAL infinities, which SQLite and PostgreSQL
// both keep and order correctly.
// Wire: NaN / ±Infinity travel as the strings "NaN" / "Infinity" / "-Infinity" — never `null`,
// which is what JSON.stringify would make of them and what the Python client would read as 0.
import type { WireDouble } from '../../src/lib/mlflow/wire-types.js';

export interface StoredMetricValue {
  value: number;
  is_nan: number;
}

export function toStoredValue(value: number): StoredMetricValue {
  return Number.isNaN(value) ? { value: 0, is_nan: 1 } : { value, is_nan: 0 };
}

export function fromStoredValue(value: number, isNan: number | boolean): number {
  return isNan ? NaN : value;
}

/** A JavaScript number as MLflow puts a double on the wire. */
export function toWireDouble(value: number): WireDouble {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

/** Stored columns straight to the wire value. */
export function storedToWire(value: number, isNan: number | boolean): WireDouble {
  return isNan ? 'NaN' : toWireDouble(value);
}

export interface WireMetric {
  key: string;
  value: WireDouble;
  timestamp: number;
  step: number;
}

export interface StoredMetricRow {
  key: string;
  value: number;
  is_nan: number;
  timestamp: number;
  step: number;
}

export function metricRowToWire(row: StoredMetricRow): WireMetric {
  return { key: row.key, value: storedToWire(row.value, row.is_nan), timestamp: row.timestamp, step: row.step };
}
