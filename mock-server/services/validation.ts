// MLflow's validation rules for names, keys and values (mlflow/utils/validation.py), shared by
// every service.
import { MAX_FILTER_CLAUSES } from '../../src/lib/mlflow/filter/index.js';
import { invalidParameter } from '../errors.js';

export const MAX_KEY_LENGTH = 250;
export const MAX_PARAM_VALUE_LENGTH = 6000;
export const MAX_RUN_TAG_VALUE_LENGTH = 8000;
export const MAX_ENTITY_TAG_VALUE_LENGTH = 5000;
export const MAX_EXPERIMENT_NAME_LENGTH = 500;

// Python's \w is Unicode-aware; colon is allowed on POSIX servers.
const KEY_PATTERN = /^[\p{L}\p{N}\p{M}_/. :-]*$/u;

/** POSIX normalisation of a relative path (what os.path.normpath does). */
export function normalizePosixPath(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (part === '..' && absolute) continue;
    else parts.push(part);
  }
  const joined = parts.join('/');
  if (absolute) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** A metric, param or tag key: allowed characters, and it must not act as a path elsewhere. */
export function validateKey(key: string, parameter = 'key', what = 'Key'): void {
  if (!KEY_PATTERN.test(key)) {
    throw invalidParameter(
      `Invalid value "${key}" for parameter '${parameter}' supplied: Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).`,
    );
  }
  const normalized = normalizePosixPath(key);
  if (key !== normalized || key === '.' || key.startsWith('..') || key.startsWith('/')) {
    throw invalidParameter(
      `Invalid value "${key}" for parameter '${parameter}' supplied: Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '${normalized}'`,
    );
  }
  if (key.length > MAX_KEY_LENGTH) {
    throw invalidParameter(`${what} '${key}' had length ${key.length}, which exceeded length limit of ${MAX_KEY_LENGTH}`);
  }
}

export function validateValueLength(value: string, limit: number, what: string): void {
  if (value.length > limit) {
    throw invalidParameter(`${what} '${value}' had length ${value.length}, which exceeded length limit of ${limit}`);
  }
}

/** Long param and run tag values are cut, as MLflow does with MLFLOW_TRUNCATE_LONG_VALUES on. */
export function truncate(value: string, limit: number): string {
  return value.length > limit ? value.slice(0, limit) : value;
}

// --- Request size limits: each keeps a request within the database's limits (SQLite's 32,766
// bound variables, 64 joined tables, expression depth 1,000) and the event loop's budget. ---

/** Longest filter string; checked before parsing. The UI's longest filters (a few hundred run ids) use ~40 KB. */
export const MAX_FILTER_STRING_LENGTH = 100_000;
/** The filter grammar's limit on conditions, also counted here before parsing so a huge filter never reaches the parser. */
export { MAX_FILTER_CLAUSES };
/** Most experiment ids in one search (MLflow's UI asks for a handful). */
export const MAX_EXPERIMENT_IDS = 1_000;
/** Most values in one `IN (...)` list of a filter. */
export { MAX_IN_LIST_SIZE } from '../store/filter-conditions.js';
/** Most order_by keys; each metric, param or tag key joins one table. */
export const MAX_ORDER_BY_KEYS = 20;
/** Largest `max_results` anywhere: an int64 count the database can take as a LIMIT. */
export const MAX_RESULTS_CEILING = 2 ** 53 - 1;

const INT64_LIMIT_AS_NUMBER = 2 ** 63;

/** A `max_results` without an upper bound of its own: past MAX_RESULTS_CEILING it means "all", which the database can count to. */
export function clampedMaxResults(maxResults: number | undefined): number | undefined {
  return maxResults === undefined ? undefined : Math.min(maxResults, MAX_RESULTS_CEILING);
}

/** An integer a 64-bit column holds (doubles at and past 2^63 are out). */
export function isInt64(value: number): boolean {
  return Number.isInteger(value) && value < INT64_LIMIT_AS_NUMBER && value >= -INT64_LIMIT_AS_NUMBER;
}

// Quoted text is skipped whole, so an `and` inside a value or a quoted key is not counted.
const QUOTED_OR_JUNCTION = /'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|\b(?:and|or)\b/gi;

/** How many AND-joined clauses a filter has (an upper bound for malformed ones), without parsing it. */
export function countFilterClauses(filter: string): number {
  if (filter.trim() === '') return 0;
  let clauses = 1;
  for (const match of filter.matchAll(QUOTED_OR_JUNCTION)) {
    const word = match[0].toLowerCase();
    if (word === 'and' || word === 'or') clauses += 1;
  }
  return clauses;
}

/** The filter string, refused past MAX_FILTER_STRING_LENGTH or MAX_FILTER_CLAUSES before anything parses it. */
export function limitedFilter(filter: string | undefined): string | undefined {
  if (filter === undefined) return filter;
  if (filter.length > MAX_FILTER_STRING_LENGTH) {
    throw invalidParameter(
      `Invalid value for parameter 'filter': the filter string has ${filter.length} characters, which exceeds the limit of ${MAX_FILTER_STRING_LENGTH}.`,
    );
  }
  const clauses = countFilterClauses(filter);
  if (clauses > MAX_FILTER_CLAUSES) {
    throw invalidParameter(`Invalid value for parameter 'filter': it has ${clauses} clauses, which exceeds the limit of ${MAX_FILTER_CLAUSES}.`);
  }
  return filter;
}

export function validateListSize(values: readonly unknown[], parameter: string, limit: number): void {
  if (values.length > limit) {
    throw invalidParameter(`Invalid value for parameter '${parameter}': it has ${values.length} items, which exceeds the limit of ${limit}.`);
  }
}

/** order_by keys, at most MAX_ORDER_BY_KEYS. */
export function limitedOrderBy<T>(orderBy: T[]): T[] {
  validateListSize(orderBy, 'order_by', MAX_ORDER_BY_KEYS);
  return orderBy;
}

/** experiment_ids, at most MAX_EXPERIMENT_IDS. */
export function limitedExperimentIds(experimentIds: string[]): string[] {
  validateListSize(experimentIds, 'experiment_ids', MAX_EXPERIMENT_IDS);
  return experimentIds;
}

