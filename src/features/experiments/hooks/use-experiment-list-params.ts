import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { readListParams, writeListParams, type ExperimentListParams } from '../utils/experiment-list-params';

/** The list's search, sort and view, kept in the URL (replace, so typing does not flood history). */
export function useExperimentListParams(): [ExperimentListParams, (next: Partial<ExperimentListParams>) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const params = useMemo(() => readListParams(searchParams), [searchParams]);
  const update = useCallback(
    (next: Partial<ExperimentListParams>) => setSearchParams((current) => writeListParams(current, next), { replace: true }),
    [setSearchParams],
  );
  return [params, update];
}
