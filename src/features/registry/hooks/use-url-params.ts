import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Page state kept in the URL: `read` parses it, `write` merges changes (replace, so filters do
 * not flood history; `push` for moves a user expects Back to undo, like paging).
 */
export function useUrlParams<T>(
  read: (search: URLSearchParams) => T,
  write: (current: URLSearchParams, next: Partial<T>) => URLSearchParams,
): [T, (next: Partial<T>, options?: { push?: boolean }) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const params = useMemo(() => read(searchParams), [read, searchParams]);
  const update = useCallback(
    (next: Partial<T>, options: { push?: boolean } = {}) => setSearchParams((current) => write(current, next), { replace: !options.push }),
    [setSearchParams, write],
  );
  return [params, update];
}
