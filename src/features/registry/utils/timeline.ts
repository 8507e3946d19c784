// The model page's history: registry events (Runboard's extension) turned into readable entries,
// with what each promotion replaced and how to undo it. Against a server that keeps no history
// (MLflow), a best-effort timeline is derived from creation/update times and current state.
import type { ModelStage, RegistryEvent } from '../../../lib/mlflow/wire-types';
import type { AliasPointer, RegistryModel, RegistryVersion } from '../../../entities/registry/registry-model';
import { isActiveStage, type RegistryChange } from './registry-change';
import { compareVersions } from '../../../entities/registry/stage-counts';

export type TimelineKind = 'model' | 'registered' | 'deleted' | 'stage' | 'alias' | 'description' | 'tag' | 'current';

export interface TimelineRollback {
  change: RegistryChange;
  label: string;
}

export interface TimelineEntry {
  key: string;
  /** undefined for "current state" entries of the fallback timeline. */
  timestamp: number | undefined;
  user: string | undefined;
  kind: TimelineKind;
  text: string;
  /** The version the entry is about (its source run's metrics are shown). */
  version: string | undefined;
  /** The version it displaced (a promotion's predecessor), to compare metrics against. */
  replacedVersion: string | undefined;
  rollback: TimelineRollback | undefined;
}

export interface RegistryState {
  versions: readonly RegistryVersion[];
  aliases: readonly AliasPointer[];
}

const quote = (value: string | undefined): string => `“${value ?? ''}”`;
const stageName = (value: string | undefined): string => (!value || value === 'None' ? 'no stage' : value);
const truncate = (value: string, max = 80): string => (value.length > max ? `${value.slice(0, max - 1)}…` : value);

/** One sentence per event. */
export function eventText(event: RegistryEvent): string {
  const version = `Version ${event.version ?? '?'}`;
  switch (event.event_type) {
    case 'MODEL_CREATED':
      return 'Model created';
    case 'MODEL_RENAMED':
      return `Model renamed from ${quote(event.from_value)} to ${quote(event.to_value)}`;
    case 'MODEL_DELETED':
      return 'Model deleted';
    case 'MODEL_DESCRIPTION_CHANGED':
      if (!event.to_value) return 'Model description removed';
      return event.from_value ? 'Model description edited' : 'Model description added';
    case 'MODEL_TAG_SET':
      return event.from_value !== undefined
        ? `Model tag ${event.key ?? ''} changed from ${quote(truncate(event.from_value))} to ${quote(truncate(event.to_value ?? ''))}`
        : `Model tag ${event.key ?? ''} set to ${quote(truncate(event.to_value ?? ''))}`;
    case 'MODEL_TAG_DELETED':
      return `Model tag ${event.key ?? ''} removed`;
    case 'VERSION_CREATED':
      return `${version} registered`;
    case 'VERSION_DELETED':
      return `${version} deleted`;
    case 'VERSION_STAGE_CHANGED':
      if (event.to_value === 'Archived') return `${version} archived (was ${stageName(event.from_value)})`;
      if (!event.to_value || event.to_value === 'None') return `${version} removed from ${stageName(event.from_value)}`;
      return `${version} moved to ${event.to_value} (was ${stageName(event.from_value)})`;
    case 'VERSION_DESCRIPTION_CHANGED':
      if (!event.to_value) return `${version} description removed`;
      return event.from_value ? `${version} description edited` : `${version} description added`;
    case 'VERSION_TAG_SET':
      return event.from_value !== undefined
        ? `${version} tag ${event.key ?? ''} changed from ${quote(truncate(event.from_value))} to ${quote(truncate(event.to_value ?? ''))}`
        : `${version} tag ${event.key ?? ''} set to ${quote(truncate(event.to_value ?? ''))}`;
    case 'VERSION_TAG_DELETED':
      return `${version} tag ${event.key ?? ''} removed`;
    case 'ALIAS_SET':
      return event.from_value && event.from_value !== event.to_value
        ? `@${event.alias ?? ''} moved from version ${event.from_value} to version ${event.to_value ?? event.version ?? '?'}`
        : `@${event.alias ?? ''} set on version ${event.to_value ?? event.version ?? '?'}`;
    case 'ALIAS_DELETED':
      return `@${event.alias ?? ''} removed from version ${event.from_value ?? event.version ?? '?'}`;
  }
}

function kindOf(event: RegistryEvent): TimelineKind {
  switch (event.event_type) {
    case 'MODEL_CREATED':
    case 'MODEL_RENAMED':
    case 'MODEL_DELETED':
      return 'model';
    case 'VERSION_CREATED':
      return 'registered';
    case 'VERSION_DELETED':
      return 'deleted';
    case 'VERSION_STAGE_CHANGED':
      return 'stage';
    case 'ALIAS_SET':
    case 'ALIAS_DELETED':
      return 'alias';
    case 'MODEL_DESCRIPTION_CHANGED':
    case 'VERSION_DESCRIPTION_CHANGED':
      return 'description';
    case 'MODEL_TAG_SET':
    case 'MODEL_TAG_DELETED':
    case 'VERSION_TAG_SET':
    case 'VERSION_TAG_DELETED':
      return 'tag';
  }
}

const isPromotion = (event: RegistryEvent): boolean =>
  event.event_type === 'VERSION_STAGE_CHANGED' && event.to_value !== undefined && isActiveStage(event.to_value as ModelStage);

/** An archive event written in the same transition as `promotion` (same time, ids just below). */
const archivedBy = (promotion: RegistryEvent, candidate: RegistryEvent, expectedId: number): boolean =>
  candidate.event_type === 'VERSION_STAGE_CHANGED' &&
  candidate.id === expectedId &&
  candidate.timestamp === promotion.timestamp &&
  candidate.to_value === 'Archived' &&
  candidate.from_value === promotion.to_value &&
  candidate.version !== promotion.version;

/**
 * Entries newest first from events newest first. A promotion that archived the versions then in
 * its stage becomes one entry naming what it replaced; undo actions are offered where the
 * earlier state can be restored (the version still exists and is not already there).
 */
export function buildTimeline(events: readonly RegistryEvent[], state: RegistryState): TimelineEntry[] {
  const existing = new Map(state.versions.map((version) => [version.version, version]));
  const aliasTarget = (alias: string) => state.aliases.find((pointer) => pointer.alias === alias)?.version;
  const entries: TimelineEntry[] = [];
  for (let index = 0; index < events.length; index += 1) {
    const event = events[index];
    if (!event) continue;
    let text = eventText(event);
    let replacedVersion: string | undefined;
    let rollback: TimelineRollback | undefined;

    if (isPromotion(event)) {
      const replaced: string[] = [];
      let next = events[index + 1];
      while (next && archivedBy(event, next, event.id - 1 - replaced.length)) {
        replaced.push(next.version ?? '');
        index += 1;
        next = events[index + 1];
      }
      const stage = event.to_value as ModelStage;
      if (replaced.length > 0) {
        const sorted = [...replaced].sort(compareVersions);
        text += `, replacing version${sorted.length > 1 ? 's' : ''} ${sorted.join(', ')} (archived)`;
      }
      replacedVersion = replaced.sort(compareVersions).at(-1) ?? previousHolder(events, index + 1, stage, event.version);
      const target = replacedVersion ? existing.get(replacedVersion) : undefined;
      if (replacedVersion && target && target.stage !== stage) {
        rollback = {
          change: { kind: 'stage', version: replacedVersion, stage, archiveExisting: true },
          label: `Make version ${replacedVersion} ${stage} again`,
        };
      }
    } else if (event.event_type === 'ALIAS_SET' && event.alias) {
      const previous = event.from_value && event.from_value !== event.to_value ? event.from_value : undefined;
      replacedVersion = previous;
      if (previous && existing.has(previous) && aliasTarget(event.alias) !== previous) {
        rollback = { change: { kind: 'set-alias', alias: event.alias, version: previous }, label: `Move @${event.alias} back to version ${previous}` };
      }
    } else if (event.event_type === 'ALIAS_DELETED' && event.alias) {
      const previous = event.from_value ?? event.version;
      if (previous && existing.has(previous) && aliasTarget(event.alias) === undefined) {
        rollback = { change: { kind: 'set-alias', alias: event.alias, version: previous }, label: `Restore @${event.alias} on version ${previous}` };
      }
    }

    const version = event.event_type === 'ALIAS_SET' ? (event.to_value ?? event.version) : event.version;
    entries.push({
      key: `event-${event.id}`,
      timestamp: event.timestamp,
      user: event.user_id,
      kind: kindOf(event),
      text,
      version,
      replacedVersion,
      rollback,
    });
  }
  return entries;
}

/** The version that most recently entered `stage` before `fromIndex` (events are newest first). */
function previousHolder(events: readonly RegistryEvent[], fromIndex: number, stage: ModelStage, except: string | undefined): string | undefined {
  for (let index = fromIndex; index < events.length; index += 1) {
    const event = events[index];
    if (event?.event_type === 'VERSION_STAGE_CHANGED' && event.to_value === stage && event.version !== except) return event.version;
  }
  return undefined;
}

const ROLLBACK_ALIAS = 'champion';

/**
 * Without an events endpoint: what the API still tells — when the model and each version were
 * created, each version's last update and current stage, and where aliases point now.
 */
export function fallbackTimeline(model: Pick<RegistryModel, 'creationTimestamp' | 'aliases'>, versions: readonly RegistryVersion[]): TimelineEntry[] {
  const production = versions.filter((version) => version.stage === 'Production').sort((a, b) => compareVersions(b.version, a.version))[0];
  const champion = model.aliases.find((pointer) => pointer.alias === ROLLBACK_ALIAS);
  const entries: TimelineEntry[] = [];
  for (const pointer of model.aliases) {
    entries.push({
      key: `alias-${pointer.alias}`,
      timestamp: undefined,
      user: undefined,
      kind: 'current',
      text: `@${pointer.alias} points to version ${pointer.version}`,
      version: pointer.version,
      replacedVersion: undefined,
      rollback: undefined,
    });
  }
  const timed: TimelineEntry[] = [];
  for (const version of versions) {
    let rollback: TimelineRollback | undefined;
    if (production && compareVersions(version.version, production.version) < 0 && version.stage !== 'Production') {
      rollback = {
        change: { kind: 'stage', version: version.version, stage: 'Production', archiveExisting: true },
        label: `Make version ${version.version} Production`,
      };
    } else if (champion && compareVersions(version.version, champion.version) < 0) {
      rollback = { change: { kind: 'set-alias', alias: ROLLBACK_ALIAS, version: version.version }, label: `Move @${ROLLBACK_ALIAS} to version ${version.version}` };
    }
    timed.push({
      key: `registered-${version.version}`,
      timestamp: version.creationTimestamp,
      user: version.userId || undefined,
      kind: 'registered',
      text: `Version ${version.version} registered`,
      version: version.version,
      replacedVersion: undefined,
      rollback,
    });
    if (version.stage !== 'None' && version.lastUpdatedTimestamp !== undefined && version.lastUpdatedTimestamp !== version.creationTimestamp) {
      timed.push({
        key: `updated-${version.version}`,
        timestamp: version.lastUpdatedTimestamp,
        user: undefined,
        kind: 'stage',
        text: `Version ${version.version} last changed; now ${version.stage === 'Archived' ? 'archived' : `in ${version.stage}`}`,
        version: version.version,
        replacedVersion: undefined,
        rollback: undefined,
      });
    }
  }
  if (model.creationTimestamp !== undefined) {
    timed.push({
      key: 'model-created',
      timestamp: model.creationTimestamp,
      user: undefined,
      kind: 'model',
      text: 'Model created',
      version: undefined,
      replacedVersion: undefined,
      rollback: undefined,
    });
  }
  // Newest first; at equal times the model's creation comes last, versions by number.
  timed.sort((a, b) => (b.timestamp ?? 0) - (a.timestamp ?? 0) || (a.kind === 'model' ? 1 : b.kind === 'model' ? -1 : compareVersions(b.version ?? '0', a.version ?? '0')));
  return [...entries, ...timed];
}
