// The model page's version filters in the URL: `?stage=Production&alias=champion&metric=accuracy`.
import type { ModelStage } from '../../../lib/mlflow/wire-types';
import type { AliasPointer, RegistryVersion } from '../../../entities/registry/registry-model';
import { aliasesOf } from '../../../entities/registry/registry-model';
import { paths } from '../../../config/paths';

export const ANY_ALIAS = '*';

export interface ModelPageParams {
  stage: ModelStage | undefined;
  /** An alias name, ANY_ALIAS for "has any alias", undefined for no filter. */
  alias: string | undefined;
  /** Preferred key metric. */
  metric: string | undefined;
  /** History shows description and tag edits too. */
  allHistory: boolean;
}

const STAGES: readonly ModelStage[] = ['None', 'Staging', 'Production', 'Archived'];

export function readModelPageParams(search: URLSearchParams): ModelPageParams {
  const stage = search.get('stage');
  return {
    stage: stage && (STAGES as readonly string[]).includes(stage) ? (stage as ModelStage) : undefined,
    alias: search.get('alias') || undefined,
    metric: search.get('metric') || undefined,
    allHistory: search.get('history') === 'all',
  };
}

export function writeModelPageParams(current: URLSearchParams, next: Partial<ModelPageParams>): URLSearchParams {
  const merged = { ...readModelPageParams(current), ...next };
  const result = new URLSearchParams();
  if (merged.stage) result.set('stage', merged.stage);
  if (merged.alias) result.set('alias', merged.alias);
  if (merged.metric) result.set('metric', merged.metric);
  if (merged.allHistory) result.set('history', 'all');
  return result;
}

export function filterVersions(versions: readonly RegistryVersion[], aliases: readonly AliasPointer[], params: Pick<ModelPageParams, 'stage' | 'alias'>): RegistryVersion[] {
  return versions.filter((version) => {
    if (params.stage && version.stage !== params.stage) return false;
    if (params.alias) {
      const own = aliasesOf(version.version, aliases);
      if (params.alias === ANY_ALIAS ? own.length === 0 : !own.includes(params.alias)) return false;
    }
    return true;
  });
}

/** `?versions=1,2,3` of the compare page. */
export function readCompareVersions(search: URLSearchParams): string[] {
  return [
    ...new Set(
      (search.get('versions') ?? '')
        .split(',')
        .map((version) => version.trim())
        .filter((version) => /^\d+$/.test(version)),
    ),
  ];
}

export function comparePath(name: string, versions: readonly string[]): string {
  return paths.modelCompare(name, versions);
}
