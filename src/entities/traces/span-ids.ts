// Span and trace ids as MLflow's UI shows them: lower-case hex, 16 characters for a span id and
// 32 for a trace id. MLflow 2.x writes them as `0x`-prefixed hex in traces.json; MLflow 3 and
// OTLP exports write the raw bytes base64-encoded (`AAAAAAAAAAE=`). Anything that is neither is
// kept as it is, so an unusual id still shows and still links.

/** Bytes of an OpenTelemetry span id (8) and trace id (16). */
const SPAN_ID_BYTES = 8;
const TRACE_ID_BYTES = 16;

const HEX = /^[0-9a-f]+$/i;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

function base64ToHex(value: string): string | undefined {
  if (!BASE64.test(value)) return undefined;
  let binary: string;
  try {
    // The URL-safe alphabet too: some exporters use it.
    binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return undefined;
  }
  let hex = '';
  for (let index = 0; index < binary.length; index += 1) hex += binary.charCodeAt(index).toString(16).padStart(2, '0');
  return hex;
}

function toHexId(raw: string, bytes: number): string {
  const value = raw.trim();
  if (value === '') return value;
  const digits = bytes * 2;
  if (/^0x/i.test(value)) {
    const hex = value.slice(2);
    return HEX.test(hex) && hex.length <= digits ? hex.toLowerCase().padStart(digits, '0') : value;
  }
  // Already hex of the right length (what MLflow 3's own JSON helpers write, and our URLs).
  if (value.length === digits && HEX.test(value)) return value.toLowerCase();
  const decoded = base64ToHex(value);
  // Only an exact id's worth of bytes counts: a short word that happens to be valid base64 is a name.
  return decoded !== undefined && decoded.length === digits ? decoded : value;
}

/** A span id as 16 hex characters (from `0x…` hex or base64); other strings unchanged. */
export function spanIdToHex(raw: string): string {
  return toHexId(raw, SPAN_ID_BYTES);
}

/** An OpenTelemetry trace id as 32 hex characters (from `0x…` hex or base64); other strings unchanged. */
export function traceIdToHex(raw: string): string {
  return toHexId(raw, TRACE_ID_BYTES);
}
