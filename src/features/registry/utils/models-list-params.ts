// The models list's state in the URL: `?q=bert&sort=updated-desc&size=25&page=<token>&page=<token>`.
// `page` repeats: the tokens of every page from the second to the current one, so Previous works
// after a reload or on a shared link.

export type ModelSort = 'name-asc' | 'name-desc' | 'updated-desc' | 'updated-asc';

export const SORT_LABELS: Readonly<Record<ModelSort, string>> = {
  'name-asc': 'Name (A–Z)',
  'name-desc': 'Name (Z–A)',
  'updated-desc': 'Last updated (newest)',
  'updated-asc': 'Last updated (oldest)',
};

export const PAGE_SIZES = [25, 50, 100] as const;
const DEFAULT_SORT: ModelSort = 'name-asc';
const DEFAULT_SIZE = 25;

export interface ModelsListParams {
  query: string;
  sort: ModelSort;
  pageSize: number;
  /** Page tokens from page 2 up to the current page; empty on the first page. */
  pages: string[];
  /** List prompts (registered models tagged mlflow.prompt.is_prompt=true) instead of models. */
  prompts: boolean;
}

export function readModelsListParams(search: URLSearchParams): ModelsListParams {
  const sort = search.get('sort');
  const size = Number(search.get('size'));
  return {
    query: search.get('q') ?? '',
    sort: sort && sort in SORT_LABELS ? (sort as ModelSort) : DEFAULT_SORT,
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_SIZE,
    pages: search.getAll('page').filter(Boolean),
    prompts: search.get('prompts') === '1',
  };
}

/** Writes changes; a new query, sort or page size starts again at the first page. */
export function writeModelsListParams(current: URLSearchParams, next: Partial<ModelsListParams>): URLSearchParams {
  const merged = { ...readModelsListParams(current), ...next };
  if (next.query !== undefined || next.sort !== undefined || next.pageSize !== undefined || next.prompts !== undefined) {
    if (next.pages === undefined) merged.pages = [];
  }
  const result = new URLSearchParams();
  if (merged.query) result.set('q', merged.query);
  if (merged.sort !== DEFAULT_SORT) result.set('sort', merged.sort);
  if (merged.pageSize !== DEFAULT_SIZE) result.set('size', String(merged.pageSize));
  if (merged.prompts) result.set('prompts', '1');
  for (const token of merged.pages) result.append('page', token);
  return result;
}

export function orderByForSort(sort: ModelSort): string[] {
  switch (sort) {
    case 'name-asc':
      return ['name ASC'];
    case 'name-desc':
      return ['name DESC'];
    case 'updated-desc':
      return ['last_updated_timestamp DESC', 'name ASC'];
    case 'updated-asc':
      return ['last_updated_timestamp ASC', 'name ASC'];
  }
}

export const PROMPT_TAG_KEY = 'mlflow.prompt.is_prompt';
const PROMPTS_CLAUSE = `tags.\`${PROMPT_TAG_KEY}\` = 'true'`;

/**
 * Prompts are registered models tagged mlflow.prompt.is_prompt=true. MLflow 3 servers leave
 * them out unless the filter asks for that tag; listing prompts adds the clause.
 */
export function withPromptFilter(filter: string | undefined, prompts: boolean): string | undefined {
  if (!prompts) return filter;
  return filter ? `${filter} AND ${PROMPTS_CLAUSE}` : PROMPTS_CLAUSE;
}

/** True for a prompt; older servers (MLflow 2) return prompts with the models, so the list drops them. */
export function isPrompt(tags: readonly { key: string; value: string }[]): boolean {
  return tags.find((tag) => tag.key === PROMPT_TAG_KEY)?.value.toLowerCase() === 'true';
}
