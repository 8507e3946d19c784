// A pass-through stream that counts bytes and fails once an upload passes its size limit, so the
// stores can refuse an oversized body while it streams instead of after it sits somewhere whole.
import { Transform, type TransformCallback } from 'node:stream';

export class BodyTooLarge extends Error {}

export class ByteCounter extends Transform {
  bytes = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) callback(new BodyTooLarge());
    else callback(null, chunk);
  }
}
