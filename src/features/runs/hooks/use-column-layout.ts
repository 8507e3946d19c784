// The column choice of the runs table: in the URL when the URL says anything about columns,
// otherwise the choice saved for this experiment set (localStorage); widths live only in
// localStorage. Every change is written to both.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ColumnSizingState, Updater } from '@tanstack/react-table';
import type { RunsViewState } from '../runs-url-state';
import { effectiveColumns, isSavedColumnLayout, type ColumnKeySets, type ColumnLayout, type SavedColumnLayout } from '../utils/column-layout';
import { useLocalStorageState } from './use-local-storage-state';
import type { RunsViewUpdate, UpdateOptions } from '../runs-url-state';

export const columnLayoutKey = (experimentIds: string): string => `runboard:runs-columns:${experimentIds}`;

const EMPTY_SAVED: SavedColumnLayout = { columns: null, pinned: [], collapsed: [], widths: {} };

export interface ColumnLayoutApi {
  layout: ColumnLayout;
  /** Visible optional columns in display order. */
  columns: string[];
  setLayout: (next: ColumnLayout) => void;
  sizing: ColumnSizingState;
  onSizingChange: (updater: Updater<ColumnSizingState>) => void;
  resetWidths: () => void;
}

export function useColumnLayout(
  experimentIds: string,
  view: RunsViewState,
  updateView: (update: RunsViewUpdate, options?: UpdateOptions) => void,
  keys: ColumnKeySets,
): ColumnLayoutApi {
  const [saved, setSaved] = useLocalStorageState(columnLayoutKey(experimentIds), EMPTY_SAVED, isSavedColumnLayout);
  const urlHasLayout = view.columns !== null || view.pinnedColumns.length > 0 || view.collapsedGroups.length > 0;
  const layout = useMemo<ColumnLayout>(
    () =>
      urlHasLayout
        ? { columns: view.columns, pinned: view.pinnedColumns, collapsed: view.collapsedGroups }
        : { columns: saved.columns, pinned: saved.pinned, collapsed: saved.collapsed },
    [urlHasLayout, view.columns, view.pinnedColumns, view.collapsedGroups, saved.columns, saved.pinned, saved.collapsed],
  );
  const columns = useMemo(() => effectiveColumns(layout, keys), [layout, keys]);

  const setLayout = useCallback(
    (next: ColumnLayout) => {
      setSaved((previous) => ({ ...previous, columns: next.columns, pinned: next.pinned, collapsed: next.collapsed }));
      updateView({ columns: next.columns, pinnedColumns: next.pinned, collapsedGroups: next.collapsed }, { replace: true });
    },
    [setSaved, updateView],
  );

  // Widths change on every mouse move while resizing: keep them in React state and save them
  // a moment after the last change.
  const [sizing, setSizing] = useState<ColumnSizingState>(saved.widths);
  const savedWidthsJson = JSON.stringify(saved.widths);
  const lastSaved = useRef(savedWidthsJson);
  useEffect(() => {
    // Another tab or a reset changed the saved widths.
    if (savedWidthsJson !== lastSaved.current) {
      lastSaved.current = savedWidthsJson;
      setSizing(JSON.parse(savedWidthsJson) as ColumnSizingState);
    }
  }, [savedWidthsJson]);
  useEffect(() => {
    const json = JSON.stringify(sizing);
    if (json === lastSaved.current) return undefined;
    const timer = setTimeout(() => {
      lastSaved.current = json;
      setSaved((previous) => ({ ...previous, widths: sizing }));
    }, 300);
    return () => clearTimeout(timer);
  }, [sizing, setSaved]);

  const onSizingChange = useCallback((updater: Updater<ColumnSizingState>) => {
    setSizing((previous) => (typeof updater === 'function' ? updater(previous) : updater));
  }, []);
  const resetWidths = useCallback(() => setSizing({}), []);

  return { layout, columns, setLayout, sizing, onSizingChange, resetWidths };
}
