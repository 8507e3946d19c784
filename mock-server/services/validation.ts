// MLflow's validation rules for names, keys and values (mlflow/utils/validation.py), shared by
// every service.
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
