import { quoteString } from '../../../lib/mlflow/filter';
import type { ViewType } from '../../../lib/mlflow/wire-types';
import { paths } from '../../../config/paths';

export type ExperimentSort = 'name' | 'updated' | 'created';
export type ExperimentView = 'active' | 'deleted';

export interface ExperimentListParams {
  query: string;
  sort: ExperimentSort;
  view: ExperimentView;
}

export const SORT_LABELS: Record<ExperimentSort, string> = {
  updated: 'Last updated',
  name: 'Name',
  created: 'Created',
};

/** Reads the list's state from the URL (`?q=&sort=&view=`), with defaults for anything odd. */
export function readListParams(search: URLSearchParams): ExperimentListParams {
  const sort = search.get('sort');
  const view = search.get('view');
  return {
    query: search.get('q') ?? '',
    sort: sort === 'name' || sort === 'created' ? sort : 'updated',
    view: view === 'deleted' ? 'deleted' : 'active',
  };
}

/** Writes the list's state into the URL, leaving defaults out so links stay short. */
export function writeListParams(search: URLSearchParams, params: Partial<ExperimentListParams>): URLSearchParams {
  const next = new URLSearchParams(search);
  const set = (key: string, value: string | undefined, fallback: string) => {
    if (value === undefined) return;
    if (value === fallback || value === '') next.delete(key);
    else next.set(key, value);
  };
  set('q', params.query, '');
  set('sort', params.sort, 'updated');
  set('view', params.view, 'active');
  return next;
}

/** Server-side name filter: case-insensitive substring. */
export function buildExperimentFilter(query: string): string {
  const text = query.trim();
  return text ? `name ILIKE ${quoteString(`%${text}%`)}` : '';
}

export function orderByFor(sort: ExperimentSort): string[] {
  switch (sort) {
    case 'name':
      return ['name ASC'];
    case 'created':
      return ['creation_time DESC'];
    default:
      return ['last_update_time DESC'];
  }
}

export function viewTypeFor(view: ExperimentView): ViewType {
  return view === 'deleted' ? 'DELETED_ONLY' : 'ACTIVE_ONLY';
}

/** `/experiments/1,2` for a set of ids, in the order given, without duplicates. */
export function experimentsPath(ids: readonly string[]): string {
  return paths.experimentRuns(ids);
}
