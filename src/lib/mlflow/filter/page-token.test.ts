import { describe, expect, it } from 'vitest';
import { decodePageToken, encodePageToken, PageTokenError } from './page-token.js';

function refusal(token: string): PageTokenError {
  try {
    decodePageToken(token);
  } catch (error) {
    if (error instanceof PageTokenError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(token)} to be refused`);
}

describe('encodePageToken', () => {
  // Expected values computed with Python: base64.b64encode(json.dumps({"offset": n}).encode()).
  it.each([
    [1, 'eyJvZmZzZXQiOiAxfQ=='],
    [2, 'eyJvZmZzZXQiOiAyfQ=='],
    [1000, 'eyJvZmZzZXQiOiAxMDAwfQ=='],
    [50000, 'eyJvZmZzZXQiOiA1MDAwMH0='],
  ])('encodes offset %i exactly like MLflow', (offset, token) => {
    expect(encodePageToken(offset)).toBe(token);
    expect(atob(token)).toBe(`{"offset": ${offset}}`);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('refuses offset %s', (offset) => {
    expect(() => encodePageToken(offset)).toThrow(RangeError);
  });
});

describe('decodePageToken', () => {
  it('reads back what encodePageToken wrote', () => {
    for (const offset of [1, 7, 1000, 123456789]) expect(decodePageToken(encodePageToken(offset))).toBe(offset);
  });

  it('reads an empty token as the first page', () => {
    expect(decodePageToken('')).toBe(0);
  });

  it('accepts compact JSON and a numeric string offset, like Python int()', () => {
    expect(decodePageToken(btoa('{"offset":3}'))).toBe(3);
    expect(decodePageToken('eyJvZmZzZXQiOiAiNSJ9')).toBe(5); // {"offset": "5"}
  });

  it.each(['bogus', 'not-a-token', 'eyJvZmZzZXQiOiAxfQ', 'eyJvZmZzZXQiOiAxfQ==\n', '!!!!'])(
    'refuses %j as not base64',
    (token) => {
      const error = refusal(token);
      expect(error.message).toBe('Invalid page token, could not base64-decode');
      expect([error.position, error.length]).toEqual([0, token.length]);
    },
  );

  it('refuses base64 that is not JSON', () => {
    expect(refusal('bm90IGpzb24=').message).toBe('Invalid page token, decoded value=not json');
  });

  it.each([
    ['eyJvZmZzZXQiOiAwfQ==', '{"offset":0}'],
    ['eyJvZmZzZXQiOiAtM30=', '{"offset":-3}'],
    ['eyJvZmZzZXQiOiAyLjV9', '{"offset":2.5}'],
    ['WzFd', '[1]'],
    [btoa('{"page": 2}'), '{"page":2}'],
    [btoa('null'), 'null'],
  ])('refuses %s (%s) for lacking a positive integer offset', (token, parsed) => {
    expect(refusal(token).message).toBe(`Invalid page token, parsed value=${parsed}`);
  });

  it('makes PageTokenError a real Error', () => {
    const error = refusal('bogus');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PageTokenError');
  });
});
