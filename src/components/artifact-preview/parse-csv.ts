// A small RFC 4180 CSV/TSV reader for previews: quoted fields, doubled quotes, CRLF, and a row limit.

export interface CsvPreview {
  rows: string[][];
  /** More rows exist after the limit (or the input was cut mid-file). */
  truncated: boolean;
}

/** Guesses the delimiter from the first line: tab, semicolon or comma. */
export function detectDelimiter(text: string, fileName = ''): string {
  if (/\.tsv$/i.test(fileName)) return '\t';
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  const count = (char: string) => firstLine.split(char).length - 1;
  const tabs = count('\t');
  const semicolons = count(';');
  const commas = count(',');
  if (tabs > commas && tabs >= semicolons) return '\t';
  if (semicolons > commas) return ';';
  return ',';
}

/**
 * Parses up to `maxRows` rows. When `inputIsPartial` (the text is only the head of a file), a last
 * row that may have been cut off is dropped.
 */
export function parseCsv(text: string, options: { delimiter?: string; maxRows?: number; inputIsPartial?: boolean } = {}): CsvPreview {
  const delimiter = options.delimiter ?? detectDelimiter(text);
  const maxRows = options.maxRows ?? Infinity;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let fieldStarted = false;
  let i = 0;
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;

  const endRow = () => {
    row.push(field);
    rows.push(row);
    row = [];
    field = '';
    fieldStarted = false;
  };

  while (i < input.length) {
    const ch = input[i] as string;
    if (inQuotes) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i += 1;
        continue;
      }
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      inQuotes = true;
      fieldStarted = true;
      i += 1;
      continue;
    }
    if (ch === delimiter) {
      row.push(field);
      field = '';
      fieldStarted = false;
      i += 1;
      continue;
    }
    if (ch === '\n' || ch === '\r') {
      endRow();
      if (ch === '\r' && input[i + 1] === '\n') i += 1;
      i += 1;
      if (rows.length > maxRows) break;
      continue;
    }
    field += ch;
    fieldStarted = true;
    i += 1;
  }

  const reachedEnd = i >= input.length;
  if (reachedEnd && (fieldStarted || field !== '' || row.length > 0)) {
    // The last line had no newline: it is complete only if the whole file was read.
    if (!options.inputIsPartial) endRow();
  }
  const truncated = rows.length > maxRows || (!reachedEnd && rows.length >= maxRows) || Boolean(options.inputIsPartial);
  return { rows: rows.slice(0, maxRows), truncated };
}
