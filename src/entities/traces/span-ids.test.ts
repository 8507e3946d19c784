import { describe, expect, it } from 'vitest';
import { spanIdToHex, traceIdToHex } from './span-ids';

describe('spanIdToHex', () => {
  it('turns MLflow 3 / OTLP base64 span ids into 16 hex characters', () => {
    // 8 bytes 00 00 00 00 00 00 00 01
    expect(spanIdToHex('AAAAAAAAAAE=')).toBe('0000000000000001');
    // 8 bytes de ad be ef 01 23 45 67, also in the URL-safe alphabet without padding
    expect(spanIdToHex('3q2+7wEjRWc=')).toBe('deadbeef01234567');
    expect(spanIdToHex('3q2-7wEjRWc')).toBe('deadbeef01234567');
  });

  it('strips and pads MLflow 2.x 0x-prefixed hex, lower-cased', () => {
    expect(spanIdToHex('0x5F2A00000000ABCD')).toBe('5f2a00000000abcd');
    expect(spanIdToHex('0x01')).toBe('0000000000000001');
  });

  it('keeps ids already in hex, and anything that is not an id, as they are', () => {
    expect(spanIdToHex('deadbeef01234567')).toBe('deadbeef01234567');
    expect(spanIdToHex('DEADBEEF01234567')).toBe('deadbeef01234567');
    // Valid base64 but not 8 bytes: a name, not an id.
    expect(spanIdToHex('root')).toBe('root');
    expect(spanIdToHex('AQ==')).toBe('AQ==');
    expect(spanIdToHex('span-3')).toBe('span-3');
    expect(spanIdToHex('0xnothex')).toBe('0xnothex');
    expect(spanIdToHex('')).toBe('');
  });
});

describe('traceIdToHex', () => {
  it('turns a 16-byte base64 trace id into 32 hex characters', () => {
    expect(traceIdToHex('AAECAwQFBgcICQoLDA0ODw==')).toBe('000102030405060708090a0b0c0d0e0f');
  });

  it('pads 0x hex to 32 characters and leaves other strings alone', () => {
    expect(traceIdToHex('0xaa')).toBe('000000000000000000000000000000aa');
    expect(traceIdToHex('000102030405060708090A0B0C0D0E0F')).toBe('000102030405060708090a0b0c0d0e0f');
    expect(traceIdToHex('tr-123')).toBe('tr-123');
    // A span-sized id is not a trace id.
    expect(traceIdToHex('AAAAAAAAAAE=')).toBe('AAAAAAAAAAE=');
  });
});
