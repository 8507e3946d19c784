import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsv } from './parse-csv';

describe('parseCsv', () => {
  it('reads simple rows', () => {
    expect(parseCsv('a,b\n1,2\n').rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('handles quotes, doubled quotes, delimiters and newlines inside quotes', () => {
    expect(parseCsv('name,note\n"x, y","say ""hi""\nthere"\n').rows).toEqual([
      ['name', 'note'],
      ['x, y', 'say "hi"\nthere'],
    ]);
  });

  it('handles CRLF, a missing final newline, empty fields and a BOM', () => {
    expect(parseCsv('\ufeffa,b,c\r\n1,,3\r\n4,5,').rows).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
      ['4', '5', ''],
    ]);
  });

  it('stops at the row limit and says so', () => {
    const text = Array.from({ length: 10 }, (_, index) => `${index},x`).join('\n');
    const preview = parseCsv(text, { maxRows: 3 });
    expect(preview.rows).toHaveLength(3);
    expect(preview.truncated).toBe(true);
    expect(parseCsv('a\nb\n', { maxRows: 3 }).truncated).toBe(false);
  });

  it('drops a possibly cut last row of a partial input', () => {
    const preview = parseCsv('a,b\n1,2\n3,4', { inputIsPartial: true });
    expect(preview.rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(preview.truncated).toBe(true);
  });
});

describe('detectDelimiter', () => {
  it('detects tabs, semicolons and commas', () => {
    expect(detectDelimiter('a\tb\tc\n')).toBe('\t');
    expect(detectDelimiter('a;b;c\n')).toBe(';');
    expect(detectDelimiter('a,b\n')).toBe(',');
    expect(detectDelimiter('a,b', 'x.tsv')).toBe('\t');
  });
  it('parses TSV with the detected delimiter', () => {
    expect(parseCsv('a\tb\n1\t2').rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});
