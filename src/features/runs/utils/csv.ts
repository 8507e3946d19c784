// CSV (RFC 4180) of the runs view. Cells that a spreadsheet would run as a formula are
// prefixed with a quote (OWASP CSV injection advice); plain numbers are left alone.

export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | undefined;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER_TEXT = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function formatCsvNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return String(value);
}

export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = typeof value === 'number' ? formatCsvNumber(value) : value;
  if (typeof value === 'string' && FORMULA_START.test(text) && !NUMBER_TEXT.test(text)) text = `'${text}`;
  if (/[",\r\n]/.test(text) || text !== text.trim()) return `"${text.replaceAll('"', '""')}"`;
  return text;
}

export function csvHeader<Row>(columns: readonly CsvColumn<Row>[]): string {
  return columns.map((column) => csvField(column.header)).join(',');
}

export function csvLines<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string[] {
  return rows.map((row) => columns.map((column) => csvField(column.value(row))).join(','));
}

export function buildCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  return [csvHeader(columns), ...csvLines(columns, rows)].join('\r\n') + '\r\n';
}
