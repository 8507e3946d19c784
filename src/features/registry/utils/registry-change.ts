// Promotions (stage transitions and alias moves) as data: what they change (before → after, for
// the confirmation), how to apply them to cached state (optimistic updates), and how to say them.
import type { ModelStage } from '../../../lib/mlflow/wire-types';
import type { AliasPointer, RegistryVersion } from '../../../entities/registry/registry-model';
import { compareVersions, latestPerStage } from '../../../entities/registry/stage-counts';

export type RegistryChange =
  | { kind: 'stage'; version: string; stage: ModelStage; archiveExisting: boolean }
  | { kind: 'set-alias'; alias: string; version: string }
  | { kind: 'delete-alias'; alias: string };

/** Stages that `archive_existing_versions` applies to. */
export const ACTIVE_STAGES: readonly ModelStage[] = ['Staging', 'Production'];

export function isActiveStage(stage: ModelStage): boolean {
  return ACTIVE_STAGES.includes(stage);
}

export interface ChangeLine {
  /** What changes: "Version 3", "@champion". */
  subject: string;
  before: string;
  after: string;
}

const stageLabel = (stage: ModelStage): string => (stage === 'None' ? 'No stage' : stage);
const aliasTarget = (aliases: readonly AliasPointer[], alias: string): string | undefined => aliases.find((pointer) => pointer.alias === alias)?.version;

/** Other versions that an archiving transition to `stage` would archive. */
export function versionsToArchive(versions: readonly RegistryVersion[], change: Extract<RegistryChange, { kind: 'stage' }>): RegistryVersion[] {
  if (!change.archiveExisting || !isActiveStage(change.stage)) return [];
  return versions.filter((version) => version.version !== change.version && version.stage === change.stage).sort((a, b) => compareVersions(a.version, b.version));
}

/** Every visible effect of a change, target first. */
export function changeLines(change: RegistryChange, versions: readonly RegistryVersion[], aliases: readonly AliasPointer[]): ChangeLine[] {
  switch (change.kind) {
    case 'stage': {
      const target = versions.find((version) => version.version === change.version);
      const lines: ChangeLine[] = [{ subject: `Version ${change.version}`, before: stageLabel(target?.stage ?? 'None'), after: stageLabel(change.stage) }];
      for (const other of versionsToArchive(versions, change)) lines.push({ subject: `Version ${other.version}`, before: stageLabel(other.stage), after: 'Archived' });
      return lines;
    }
    case 'set-alias': {
      const current = aliasTarget(aliases, change.alias);
      return [{ subject: `@${change.alias}`, before: current ? `version ${current}` : 'not set', after: `version ${change.version}` }];
    }
    case 'delete-alias': {
      const current = aliasTarget(aliases, change.alias);
      return [{ subject: `@${change.alias}`, before: current ? `version ${current}` : 'not set', after: 'removed' }];
    }
  }
}

/** True when applying the change would leave everything as it is. */
export function isNoopChange(change: RegistryChange, versions: readonly RegistryVersion[], aliases: readonly AliasPointer[]): boolean {
  switch (change.kind) {
    case 'stage': {
      const target = versions.find((version) => version.version === change.version);
      return target?.stage === change.stage && versionsToArchive(versions, change).length === 0;
    }
    case 'set-alias':
      return aliasTarget(aliases, change.alias) === change.version;
    case 'delete-alias':
      return aliasTarget(aliases, change.alias) === undefined;
  }
}

/** Imperative title: "Move version 3 to Production", "Move @champion to version 3". */
export function changeTitle(change: RegistryChange, aliases: readonly AliasPointer[] = []): string {
  switch (change.kind) {
    case 'stage':
      if (change.stage === 'Archived') return `Archive version ${change.version}`;
      if (change.stage === 'None') return `Remove version ${change.version} from its stage`;
      return `Move version ${change.version} to ${change.stage}`;
    case 'set-alias':
      return aliasTarget(aliases, change.alias) ? `Move @${change.alias} to version ${change.version}` : `Set @${change.alias} on version ${change.version}`;
    case 'delete-alias':
      return `Remove @${change.alias}`;
  }
}

/** Past tense for the success toast: "Version 3 is now in Production". */
export function changeDoneMessage(change: RegistryChange): string {
  switch (change.kind) {
    case 'stage':
      return change.stage === 'None' ? `Version ${change.version} has no stage now` : `Version ${change.version} is now ${change.stage === 'Archived' ? 'archived' : `in ${change.stage}`}`;
    case 'set-alias':
      return `@${change.alias} now points to version ${change.version}`;
    case 'delete-alias':
      return `@${change.alias} removed`;
  }
}

/** One version after the change (stage and its alias list). */
export function applyChangeToVersion<T extends Pick<RegistryVersion, 'version' | 'stage' | 'aliases'>>(version: T, change: RegistryChange): T {
  switch (change.kind) {
    case 'stage':
      if (version.version === change.version) return { ...version, stage: change.stage };
      if (change.archiveExisting && isActiveStage(change.stage) && version.stage === change.stage) return { ...version, stage: 'Archived' };
      return version;
    case 'set-alias': {
      const without = version.aliases.filter((alias) => alias !== change.alias);
      const aliases = version.version === change.version ? [...without, change.alias].sort() : without;
      return aliases.length === version.aliases.length && aliases.every((alias, index) => alias === version.aliases[index]) ? version : { ...version, aliases };
    }
    case 'delete-alias':
      return version.aliases.includes(change.alias) ? { ...version, aliases: version.aliases.filter((alias) => alias !== change.alias) } : version;
  }
}

export function applyChangeToAliases(aliases: readonly AliasPointer[], change: RegistryChange): AliasPointer[] {
  switch (change.kind) {
    case 'stage':
      return [...aliases];
    case 'set-alias':
      return [...aliases.filter((pointer) => pointer.alias !== change.alias), { alias: change.alias, version: change.version }].sort((a, b) => a.alias.localeCompare(b.alias));
    case 'delete-alias':
      return aliases.filter((pointer) => pointer.alias !== change.alias);
  }
}

/** latest_versions after the change, recomputed from the full version list when known. */
export function applyChangeToLatest(latest: readonly RegistryVersion[], allVersions: readonly RegistryVersion[] | undefined, change: RegistryChange): RegistryVersion[] {
  if (allVersions) return latestPerStage(allVersions.map((version) => applyChangeToVersion(version, change)));
  return latestPerStage(latest.map((version) => applyChangeToVersion(version, change)));
}

const ALIAS_PATTERN = /^[\w-]+$/;

/** MLflow's alias rules (§4.1): a message when the name would be refused. */
export function validateAliasName(alias: string): string | undefined {
  if (!alias) return 'Enter an alias name.';
  if (alias.length > 255) return 'An alias can be at most 255 characters long.';
  if (!ALIAS_PATTERN.test(alias)) return 'Use only letters, digits, underscores (_) and dashes (-).';
  if (alias.toLowerCase() === 'latest') return '“latest” is reserved by MLflow.';
  if (/^v\d+$/i.test(alias)) return 'Names like “v7” are reserved for version numbers.';
  return undefined;
}
