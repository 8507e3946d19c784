import { useMemo } from 'react';
import { ErrorPanel } from '../error-view';
import { SkeletonLines } from '../skeleton/skeleton';
import { formatCount } from '../../lib/format/format-number';
import { useArtifactText } from './artifact-text';
import { detectDelimiter, parseCsv } from './parse-csv';
import './artifact-preview.css';

export const CSV_MAX_ROWS = 1000;
const CSV_HEAD_BYTES = 4 * 1024 * 1024;

/** The first 1000 rows as a table; only the head of a large file is downloaded. */
export function CsvPreview({ url, path }: { url: string; path: string }) {
  const query = useArtifactText(url, 'head', CSV_HEAD_BYTES);
  const preview = useMemo(() => {
    if (!query.data) return undefined;
    const { text, partial } = query.data;
    // One extra row: the header does not count towards the 1000 data rows.
    return parseCsv(text, { delimiter: detectDelimiter(text, path), maxRows: CSV_MAX_ROWS + 1, inputIsPartial: partial });
  }, [query.data, path]);

  if (query.isPending) return <SkeletonLines lines={8} label="Loading table" />;
  if (query.isError) return <ErrorPanel error={query.error} title="Could not load the file" onRetry={() => void query.refetch()} />;
  if (!preview || preview.rows.length === 0) return <p className="muted">This file is empty.</p>;

  const [header = [], ...rows] = preview.rows;
  const columnCount = Math.max(header.length, ...rows.map((row) => row.length));
  const columns = Array.from({ length: columnCount }, (_, index) => header[index] ?? `column ${index + 1}`);
  return (
    <div className="artifact-csv">
      <p className="artifact-note" data-testid="csv-summary">
        {preview.truncated
          ? `Showing the first ${formatCount(rows.length)} rows × ${columnCount} columns; download the file for the rest.`
          : `${formatCount(rows.length)} ${rows.length === 1 ? 'row' : 'rows'} × ${columnCount} columns`}
      </p>
      <div className="artifact-table-scroll" tabIndex={0} role="region" aria-label={`Table ${path}`}>
        <table className="table artifact-table">
          <thead>
            <tr>
              <th scope="col" className="artifact-table-index">
                #
              </th>
              {columns.map((column, index) => (
                <th key={index} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, rowIndex) => (
              <tr key={rowIndex}>
                <td className="artifact-table-index">{rowIndex + 1}</td>
                {columns.map((_, index) => (
                  <td key={index}>{row[index] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
