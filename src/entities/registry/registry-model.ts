// The registry as the pages use it: camelCase, arrays never missing, int64 read as numbers.
// Query keys live here so every module (and every optimistic update) agrees on them.
import { wireInt } from '../../lib/api-client';
import type {
  ModelStage,
  ModelVersion as WireModelVersion,
  ModelVersionStatus,
  RegisteredModel as WireRegisteredModel,
} from '../../lib/mlflow/wire-types';
import type { Run } from '../runs/run-model';

export interface Tag {
  key: string;
  value: string;
}

export interface AliasPointer {
  alias: string;
  version: string;
}

export interface RegistryVersion {
  name: string;
  version: string;
  creationTimestamp: number | undefined;
  lastUpdatedTimestamp: number | undefined;
  userId: string;
  stage: ModelStage;
  description: string;
  source: string;
  runId: string;
  runLink: string;
  status: ModelVersionStatus;
  statusMessage: string;
  tags: Tag[];
  /** As sent with the version; the model's alias list is the source of truth (search omits them). */
  aliases: string[];
}

export interface RegistryModel {
  name: string;
  creationTimestamp: number | undefined;
  lastUpdatedTimestamp: number | undefined;
  description: string;
  tags: Tag[];
  aliases: AliasPointer[];
  /** Latest version per stage. */
  latestVersions: RegistryVersion[];
}

/** The parts of a source run the registry pages show. */
/** The run a version was registered from: the runs entity's one Run model. */
export type SourceRun = Run;

const STAGES: Readonly<Record<string, ModelStage>> = { none: 'None', staging: 'Staging', production: 'Production', archived: 'Archived' };

export function toStage(value: string | undefined): ModelStage {
  return STAGES[(value ?? 'None').toLowerCase()] ?? 'None';
}

const toTags = (tags: readonly { key: string; value?: string }[] | undefined): Tag[] => (tags ?? []).map((tag) => ({ key: tag.key, value: tag.value ?? '' }));

export function toRegistryVersion(wire: WireModelVersion): RegistryVersion {
  return {
    name: wire.name,
    version: String(wire.version),
    creationTimestamp: wireInt(wire.creation_timestamp),
    lastUpdatedTimestamp: wireInt(wire.last_updated_timestamp),
    userId: wire.user_id ?? '',
    stage: toStage(wire.current_stage),
    description: wire.description ?? '',
    source: wire.source ?? '',
    runId: wire.run_id ?? '',
    runLink: wire.run_link ?? '',
    status: wire.status ?? 'READY',
    statusMessage: wire.status_message ?? '',
    tags: toTags(wire.tags),
    aliases: [...(wire.aliases ?? [])].sort(),
  };
}

export function toRegistryModel(wire: WireRegisteredModel): RegistryModel {
  return {
    name: wire.name,
    creationTimestamp: wireInt(wire.creation_timestamp),
    lastUpdatedTimestamp: wireInt(wire.last_updated_timestamp),
    description: wire.description ?? '',
    tags: toTags(wire.tags),
    aliases: (wire.aliases ?? []).map((pointer) => ({ alias: pointer.alias, version: String(pointer.version) })).sort((a, b) => a.alias.localeCompare(b.alias)),
    latestVersions: (wire.latest_versions ?? []).map(toRegistryVersion),
  };
}

/** Aliases of one version according to the model's alias list. */
export function aliasesOf(version: string, aliases: readonly AliasPointer[]): string[] {
  return aliases.filter((pointer) => pointer.version === version).map((pointer) => pointer.alias);
}

/**
 * Every registry query key starts with 'registry'. Everything about one model sits under
 * `model(name)`, so a change invalidates (or rolls back) all of it at once.
 */
export const registryKeys = {
  all: ['registry'] as const,
  models: () => ['registry', 'models'] as const,
  modelsSearches: () => ['registry', 'models', 'search'] as const,
  modelsSearch: (params: object) => ['registry', 'models', 'search', params] as const,
  allStageCounts: () => ['registry', 'models', 'stage-counts'] as const,
  stageCounts: (names: readonly string[]) => ['registry', 'models', 'stage-counts', names] as const,
  model: (name: string) => ['registry', 'model', name] as const,
  modelDetail: (name: string) => ['registry', 'model', name, 'detail'] as const,
  versions: (name: string) => ['registry', 'model', name, 'versions'] as const,
  versionDetails: (name: string) => ['registry', 'model', name, 'version'] as const,
  versionDetail: (name: string, version: string) => ['registry', 'model', name, 'version', version] as const,
  events: (name: string) => ['registry', 'model', name, 'events'] as const,
  // Artifacts and runs do not change with registry edits: kept outside the model's subtree.
  mlModel: (name: string, version: string) => ['registry', 'mlmodel', name, version] as const,
  /** Versions registered from some runs (run page, runs table column). */
  runVersionsAll: () => ['registry', 'run-versions'] as const,
  runVersions: (runIds: readonly string[]) => ['registry', 'run-versions', runIds] as const,
};

/**
 * Registry state changes under the user's feet (a run page registers a version, a script
 * promotes one): short staleness and a refetch when the tab regains focus.
 */
export const FRESH_REGISTRY_QUERY = { staleTime: 2_000, refetchOnWindowFocus: true } as const;
