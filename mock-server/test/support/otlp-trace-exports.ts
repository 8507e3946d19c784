// One trace's spans as separate OTLP/JSON export requests, the way a batching exporter sends a
// long trace in pieces: span 0 is the root, the others its children, each starting 1 ms later.
const START_NS = 1_765_000_000_000_000_000n;
const ROOT_SPAN_ID = '0100000000000000';

function spanIdHex(index: number): string {
  return index === 0 ? ROOT_SPAN_ID : (index + 1).toString(16).padStart(16, '0');
}

/** The export request (a JSON body) carrying span `index` of the trace `traceIdHex`; each span lasts 0.5 s. */
export function spanExport(traceIdHex: string, index: number): string {
  const start = START_NS + BigInt(index) * 1_000_000n;
  const span = {
    traceId: traceIdHex,
    spanId: spanIdHex(index),
    ...(index === 0 ? {} : { parentSpanId: ROOT_SPAN_ID }),
    name: `span-${index}`,
    kind: 1,
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: (start + 500_000_000n).toString(),
    attributes: [],
    status: { code: 1 },
  };
  return JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });
}

/** The span names a trace of `count` spans has, sorted. */
export function spanNames(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `span-${index}`).sort();
}
