import { describe, expect, it } from 'vitest';
import { decodeHead, decodeTail, readHead, readTail } from './read-stream';

function streamOf(...parts: string[]): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  const encoder = new TextEncoder();
  let index = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const part = parts[index];
      if (part === undefined) {
        controller.close();
        return;
      }
      index += 1;
      controller.enqueue(encoder.encode(part));
    },
  });
  return { stream, pulled: () => index };
}

describe('readTail', () => {
  it('keeps only the last bytes of a long stream', async () => {
    const { stream } = streamOf('line 1\n', 'line 2\n', 'line 3\n', 'line 4\n');
    const slice = await readTail(stream, 10);
    expect(slice.bytesRead).toBe(28);
    expect(slice.bytes.byteLength).toBe(10);
    expect(slice.partial).toBe(true);
    expect(decodeTail(slice)).toBe('line 4\n');
  });

  it('returns everything when the stream is short', async () => {
    const { stream } = streamOf('a\n', 'b\n');
    const slice = await readTail(stream, 100);
    expect(slice.partial).toBe(false);
    expect(decodeTail(slice)).toBe('a\nb\n');
  });

  it('never starts in the middle of a UTF-8 character', async () => {
    const { stream } = streamOf('ééééé');
    const slice = await readTail(stream, 5);
    expect(decodeTail(slice)).not.toContain('\ufffd');
  });
});

describe('readHead', () => {
  it('stops reading at the limit and cancels the rest', async () => {
    const { stream, pulled } = streamOf('aaaa', 'bbbb', 'cccc', 'dddd', 'eeee');
    const slice = await readHead(stream, 6);
    expect(new TextDecoder().decode(slice.bytes)).toBe('aaaabb');
    expect(slice.partial).toBe(true);
    expect(pulled()).toBeLessThan(5);
  });

  it('reads a short stream whole', async () => {
    const { stream } = streamOf('abc');
    const slice = await readHead(stream, 100);
    expect(slice.partial).toBe(false);
    expect(decodeHead(slice)).toBe('abc');
  });

  it('knows a stream that ends exactly at the limit is complete', async () => {
    const { stream } = streamOf('abcd');
    const slice = await readHead(stream, 4);
    expect(slice.partial).toBe(false);
  });

  it('drops a character cut at the end of a partial head', async () => {
    const { stream } = streamOf('aé');
    const slice = await readHead(stream, 2);
    expect(decodeHead(slice)).toBe('a');
  });
});
