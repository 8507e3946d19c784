// Reading artifact bodies without holding (or even downloading) more than a preview needs.

export const TAIL_THRESHOLD_BYTES = 1024 * 1024;

export interface StreamSlice {
  bytes: Uint8Array;
  /** Bytes read from the stream in total. */
  bytesRead: number;
  /** Not the whole stream: the head stopped early or the tail dropped a beginning. */
  partial: boolean;
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Reads at most `limit` bytes from the start, then cancels the stream (no further download). */
export async function readHead(stream: ReadableStream<Uint8Array>, limit: number): Promise<StreamSlice> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let partial = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = limit - total;
      if (value.byteLength >= room) {
        chunks.push(value.subarray(0, room));
        total += room;
        partial = value.byteLength > room;
        if (!partial) {
          // Exactly at the limit: one more read tells whether anything follows.
          const next = await reader.read();
          partial = !next.done;
        }
        break;
      }
      chunks.push(value);
      total += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return { bytes: concat(chunks, total), bytesRead: total, partial };
}

/** Reads the whole stream but keeps only its last `limit` bytes in memory. */
export async function readTail(stream: ReadableStream<Uint8Array>, limit: number): Promise<StreamSlice> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let bytesRead = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytesRead += value.byteLength;
    chunks.push(value);
    kept += value.byteLength;
    // Drop whole chunks from the front while the rest still covers the limit.
    while (chunks.length > 1 && kept - (chunks[0]?.byteLength ?? 0) >= limit) {
      kept -= chunks.shift()?.byteLength ?? 0;
    }
  }
  let bytes = concat(chunks, kept);
  if (bytes.byteLength > limit) bytes = bytes.subarray(bytes.byteLength - limit);
  return { bytes, bytesRead, partial: bytesRead > bytes.byteLength };
}

/**
 * Text of a tail slice: starts after the first newline (the first line was probably cut) and
 * skips UTF-8 continuation bytes so the decoder never starts mid-character.
 */
export function decodeTail(slice: StreamSlice): string {
  let bytes = slice.bytes;
  if (slice.partial) {
    let start = 0;
    while (start < bytes.length && ((bytes[start] ?? 0) & 0xc0) === 0x80) start += 1;
    const newline = bytes.indexOf(0x0a, start);
    if (newline !== -1 && newline < bytes.length - 1) start = newline + 1;
    bytes = bytes.subarray(start);
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/** Text of a head slice; a character cut at the end is dropped rather than shown as �. */
export function decodeHead(slice: StreamSlice): string {
  const decoder = new TextDecoder('utf-8');
  const text = decoder.decode(slice.bytes, { stream: slice.partial });
  return text;
}
