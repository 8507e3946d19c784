// CSV export of the current view: every run matching the search (fetched page by page, in the
// current order) with the visible columns. Cancellable; downloads a file when done.
import { useCallback, useRef, useState } from 'react';
import { useToast } from '../../../components/toast';
import { searchAllRuns, type SearchRunsParams } from '../../../entities/runs/api/search-runs';
import { buildCsv } from '../utils/csv';
import { csvColumnsFor } from '../utils/run-csv';

export const CSV_EXPORT_LIMIT = 100_000;

export function downloadText(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function useCsvExport(params: SearchRunsParams, visibleColumns: readonly string[], fileStem: string) {
  const toast = useToast();
  const [progress, setProgress] = useState<number | null>(null);
  const controller = useRef<AbortController | null>(null);

  const start = useCallback(async () => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setProgress(0);
    try {
      const { runs, truncated } = await searchAllRuns(params, { signal: abort.signal, limit: CSV_EXPORT_LIMIT, onPage: (_page, total) => setProgress(total) });
      const csv = buildCsv(csvColumnsFor(visibleColumns), runs);
      const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '-');
      downloadText(csv, `${fileStem}-${stamp}.csv`);
      toast.success(`Exported ${runs.length} run${runs.length === 1 ? '' : 's'}${truncated ? ` (first ${CSV_EXPORT_LIMIT})` : ''}`);
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'AbortError')) {
        toast.error(`CSV export failed: ${error instanceof Error ? error.message : 'unknown error'}`);
      }
    } finally {
      if (controller.current === abort) controller.current = null;
      setProgress(null);
    }
  }, [params, visibleColumns, fileStem, toast]);

  const cancel = useCallback(() => {
    controller.current?.abort();
  }, []);

  return { progress, start, cancel };
}
