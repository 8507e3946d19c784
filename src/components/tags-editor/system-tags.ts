import type { KeyValue } from '../../lib/mlflow/wire-types';

/** MLflow's UI convention: `mlflow.*` and `_mlflow_*` tags are system tags, not user-editable. */
export function isSystemTag(key: string): boolean {
  return key.startsWith('mlflow.') || key.startsWith('_mlflow_');
}

/** User-facing tags (system tags removed), missing values read as ''. */
export function userTags(tags: readonly KeyValue[] | undefined): { key: string; value: string }[] {
  return (tags ?? []).filter((tag) => !isSystemTag(tag.key)).map((tag) => ({ key: tag.key, value: tag.value ?? '' }));
}
