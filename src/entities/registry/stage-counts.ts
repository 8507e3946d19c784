// How many versions a model has in each stage, and which version is the latest overall.
import type { ModelStage } from '../../lib/mlflow/wire-types';

/** Display order: what serves traffic first. */
export const STAGE_ORDER: readonly ModelStage[] = ['Production', 'Staging', 'None', 'Archived'];

export type StageCounts = Record<ModelStage, number>;

export function countByStage(versions: readonly { stage: ModelStage }[]): StageCounts {
  const counts: StageCounts = { None: 0, Staging: 0, Production: 0, Archived: 0 };
  for (const version of versions) counts[version.stage] += 1;
  return counts;
}

/** Non-zero stages in display order, e.g. [{stage: 'Production', count: 1}, {stage: 'None', count: 3}]. */
export function stageChips(counts: StageCounts): { stage: ModelStage; count: number }[] {
  return STAGE_ORDER.filter((stage) => counts[stage] > 0).map((stage) => ({ stage, count: counts[stage] }));
}

/** Highest version number ('10' > '9'); undefined for none. */
export function latestVersionNumber(versions: readonly { version: string }[]): string | undefined {
  let best: string | undefined;
  for (const { version } of versions) if (best === undefined || compareVersions(version, best) > 0) best = version;
  return best;
}

/** Numeric order of version strings. */
export function compareVersions(a: string, b: string): number {
  const difference = Number(a) - Number(b);
  return Number.isNaN(difference) ? a.localeCompare(b) : difference;
}

/** The latest version in each stage (what registered-models/get calls latest_versions). */
export function latestPerStage<T extends { version: string; stage: ModelStage }>(versions: readonly T[]): T[] {
  const best = new Map<ModelStage, T>();
  for (const version of versions) {
    const current = best.get(version.stage);
    if (!current || compareVersions(version.version, current.version) > 0) best.set(version.stage, version);
  }
  return [...best.values()].sort((a, b) => compareVersions(a.version, b.version));
}
