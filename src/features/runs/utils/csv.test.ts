import { describe, expect, it } from 'vitest';
import { buildCsv, csvField } from './csv';

describe('CSV', () => {
  it('quotes separators, quotes and newlines', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded ')).toBe('" padded "');
    expect(csvField(undefined)).toBe('');
  });

  it('writes special numbers as MLflow names them', () => {
    expect(csvField(NaN)).toBe('NaN');
    expect(csvField(-Infinity)).toBe('-Infinity');
    expect(csvField(-0.5)).toBe('-0.5');
  });

  it('defuses formulas but not negative numbers written as text', () => {
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField('-1.5')).toBe('-1.5');
  });

  it('builds a document with CRLF line ends', () => {
    const csv = buildCsv(
      [
        { header: 'Run', value: (row: { name: string; acc?: number }) => row.name },
        { header: 'metrics.acc', value: (row) => row.acc },
      ],
      [{ name: 'a', acc: 0.5 }, { name: 'b,c' }],
    );
    expect(csv).toBe('Run,metrics.acc\r\na,0.5\r\n"b,c",\r\n');
  });
});
