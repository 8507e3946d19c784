// Model registry: what registered models and model versions share. Validation rules
// (mlflow/utils/validation.py), stage names, lookups that answer MLflow's errors, and the
// conversion of rows to the wire shapes the MLflow 2.17 SQL store emits.
//
// The operations themselves live in registered-models.ts and model-versions.ts; every write
// records what changed in registry-events.ts in the same transaction.
import type { KeyValue, ModelStage, ModelVersion, RegisteredModel } from '../../src/lib/mlflow/wire-types.js';
import { invalidParameter, notFound } from '../errors.js';
import type { Db } from '../store/database.js';
import {
  findModelVersionRow,
  findRegisteredModelRow,
  loadModelAliases,
  loadModelVersionRows,
  loadModelVersionTags,
  loadRegisteredModelTags,
  type ModelVersionRow,
  type RegisteredModelRow,
} from '../store/registry.js';
import { MAX_ENTITY_TAG_VALUE_LENGTH, validateKey, validateValueLength } from './validation.js';

/** Stage of a soft-deleted version; never returned. */
export const STAGE_DELETED_INTERNAL = 'Deleted_Internal';
export const STAGE_ARCHIVED: ModelStage = 'Archived';
const ALL_STAGES: readonly ModelStage[] = ['None', 'Staging', 'Production', 'Archived'];
/** Stages `archive_existing_versions` works with. */
export const ACTIVE_STAGES: readonly ModelStage[] = ['Staging', 'Production'];

/** MLflow 3 prompts are registered models (and versions) with this tag set to 'true'. */
export const PROMPT_TAG_KEY = 'mlflow.prompt.is_prompt';

const MAX_ALIAS_LENGTH = 255;
// Python's \w (Unicode letters, digits, underscore) and the dash.
const ALIAS_PATTERN = /^[\p{L}\p{N}_-]*$/u;
const VERSION_ALIAS_PATTERN = /^[vV]\d+$/;
// What Python's int() accepts for a version (surrounding blanks, a sign, digit groups with `_`).
const PY_INT_PATTERN = /^\s*[+-]?\d+(?:_\d+)*\s*$/;

/** Who made a change, for the registry timeline: the request's `X-Runboard-User`, if any. */
export interface RegistryActor {
  user: string | null;
}

export type { ModelVersionRow, RegisteredModelRow } from '../store/registry.js';

let lastTimestamp = 0;

/**
 * The current time in ms, strictly increasing across calls. Registry searches order by
 * `last_updated_timestamp` with the name as tie-breaker, so two changes in the same
 * millisecond would otherwise come back in name order instead of the order they happened.
 */
export function registryNow(): number {
  const now = Date.now();
  lastTimestamp = now > lastTimestamp ? now : lastTimestamp + 1;
  return lastTimestamp;
}

export function validateModelName(name: string | undefined): asserts name is string {
  if (name === undefined || name === '') throw invalidParameter('Registered model name cannot be empty.');
}

/** A version number as MLflow parses it (`int(version)`); the error quotes what was sent. */
export function parseVersion(version: string | undefined): number {
  const text = version ?? '';
  if (!PY_INT_PATTERN.test(text)) throw invalidParameter(`Model version must be an integer, got '${version ?? 'None'}'`);
  const value = Number(text.replace(/_/g, '').trim());
  if (!Number.isSafeInteger(value)) throw invalidParameter(`Model version must be an integer, got '${text}'`);
  return value;
}

/** `staging` -> `Staging`; anything but the four stages is refused. */
export function canonicalStage(stage: string): ModelStage {
  const found = ALL_STAGES.find((candidate) => candidate.toLowerCase() === stage.toLowerCase());
  if (found === undefined) {
    throw invalidParameter(`Invalid Model Version stage: ${stage}. Value must be one of ${ALL_STAGES.join(', ')}.`);
  }
  return found;
}

export function validateRegisteredModelTag(key: string, value: string): void {
  validateKey(key, 'key', 'Registered model key');
  validateValueLength(value, MAX_ENTITY_TAG_VALUE_LENGTH, 'Registered model value');
}

export function validateModelVersionTag(key: string, value: string): void {
  validateKey(key, 'key', 'Model version key');
  validateValueLength(value, MAX_ENTITY_TAG_VALUE_LENGTH, 'Model version value');
}

export function validateAlias(alias: string): void {
  if (alias === '') throw invalidParameter('Registered model alias name cannot be empty.');
  if (!ALIAS_PATTERN.test(alias)) {
    throw invalidParameter(`Invalid alias name: '${alias}'. Names may only contain alphanumerics, underscores (_), and dashes (-).`);
  }
  validateValueLength(alias, MAX_ALIAS_LENGTH, 'Registered model alias name');
  if (alias.toLowerCase() === 'latest') throw invalidParameter("'latest' alias name (case insensitive) is reserved.");
  if (VERSION_ALIAS_PATTERN.test(alias)) throw invalidParameter(`Version alias name '${alias}' is reserved.`);
}

export function registeredModelNotFound(name: string): Error {
  return notFound(`Registered Model with name=${name} not found`);
}

export function modelVersionNotFound(name: string, version: string | number): Error {
  return notFound(`Model Version (name=${name}, version=${version}) not found`);
}

export async function findRegisteredModel(db: Db, name: string): Promise<RegisteredModelRow> {
  validateModelName(name);
  const row = await findRegisteredModelRow(db, name);
  if (!row) throw registeredModelNotFound(name);
  return row;
}

/** A live (not deleted) version; `version` is the text the client sent. */
export async function findModelVersion(db: Db, name: string, version: string): Promise<ModelVersionRow> {
  validateModelName(name);
  const number = parseVersion(version);
  const row = await findModelVersionRow(db, name, number, STAGE_DELETED_INTERNAL);
  if (!row) throw modelVersionNotFound(name, version);
  return row;
}

// ---------------------------------------------------------------------------------------------
// Wire shapes
// ---------------------------------------------------------------------------------------------

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function versionKey(name: string, version: number): string {
  return `${version}\u0000${name}`;
}

/** ModelVersion.to_proto: unset (None) fields are left out, empty strings are kept. */
export function modelVersionToWire(row: ModelVersionRow, tags: KeyValue[], aliases?: string[]): ModelVersion {
  const wire: ModelVersion & { model_id?: string } = {
    name: row.name,
    version: String(row.version),
    creation_timestamp: row.creation_time,
    last_updated_timestamp: row.last_updated_time,
  };
  if (row.user_id !== null) wire.user_id = row.user_id;
  wire.current_stage = row.current_stage as ModelStage;
  if (row.description !== null) wire.description = row.description;
  if (row.source !== null) wire.source = row.source;
  if (row.run_id !== null) wire.run_id = row.run_id;
  wire.status = row.status as ModelVersion['status'];
  if (row.status_message) wire.status_message = row.status_message;
  if (tags.length > 0) wire.tags = tags;
  if (row.run_link !== null) wire.run_link = row.run_link;
  if (aliases && aliases.length > 0) wire.aliases = aliases;
  if (row.model_id !== null) wire.model_id = row.model_id;
  return wire;
}

async function versionTags(db: Db, rows: readonly ModelVersionRow[]): Promise<Map<string, KeyValue[]>> {
  const byVersion = new Map<string, KeyValue[]>();
  const wanted = new Set(rows.map((row) => versionKey(row.name, row.version)));
  const names = [...new Set(rows.map((row) => row.name))];
  for (const tag of await loadModelVersionTags(db, names)) {
    const key = versionKey(tag.name, tag.version);
    if (wanted.has(key)) push(byVersion, key, { key: tag.key, value: tag.value });
  }
  return byVersion;
}

/**
 * Versions in wire form. `withAliases`: the aliases pointing at each version, as the single-version
 * answers carry them (get, update, transition, alias lookup); searches leave them out.
 */
export async function modelVersionsToWire(db: Db, rows: readonly ModelVersionRow[], withAliases: boolean): Promise<ModelVersion[]> {
  if (rows.length === 0) return [];
  const tags = await versionTags(db, rows);
  const aliases = new Map<string, string[]>();
  if (withAliases) {
    for (const alias of await loadModelAliases(db, [...new Set(rows.map((row) => row.name))])) {
      push(aliases, versionKey(alias.name, alias.version), alias.alias);
    }
  }
  return rows.map((row) => {
    const key = versionKey(row.name, row.version);
    return modelVersionToWire(row, tags.get(key) ?? [], withAliases ? (aliases.get(key) ?? []) : undefined);
  });
}

export async function modelVersionToWireWithAliases(db: Db, row: ModelVersionRow): Promise<ModelVersion> {
  const [wire] = await modelVersionsToWire(db, [row], true);
  return wire as ModelVersion;
}

/**
 * The newest live version per stage, in the order MLflow's store builds them: versions are
 * walked oldest first and each stage keeps the place where it was first seen.
 */
export function latestPerStage(versions: readonly ModelVersionRow[]): ModelVersionRow[] {
  const byStage = new Map<string, ModelVersionRow>();
  const ordered = [...versions].sort((a, b) => a.version - b.version);
  for (const version of ordered) {
    if (version.current_stage === STAGE_DELETED_INTERNAL) continue;
    const current = byStage.get(version.current_stage);
    if (current === undefined || current.version < version.version) byStage.set(version.current_stage, version);
  }
  return [...byStage.values()];
}

/** RegisteredModel.to_proto: description only when non-empty, latest versions without aliases. */
export async function registeredModelsToWire(db: Db, rows: readonly RegisteredModelRow[]): Promise<RegisteredModel[]> {
  if (rows.length === 0) return [];
  const names = rows.map((row) => row.name);
  const versions = new Map<string, ModelVersionRow[]>();
  const modelTags = new Map<string, KeyValue[]>();
  for (const version of await loadModelVersionRows(db, names, STAGE_DELETED_INTERNAL)) push(versions, version.name, version);
  for (const tag of await loadRegisteredModelTags(db, names)) push(modelTags, tag.name, { key: tag.key, value: tag.value });
  const aliases = new Map<string, { alias: string; version: string }[]>();
  for (const alias of await loadModelAliases(db, names)) push(aliases, alias.name, { alias: alias.alias, version: String(alias.version) });
  const latestRows = rows.flatMap((row) => latestPerStage(versions.get(row.name) ?? []));
  const latest = new Map<string, ModelVersion[]>();
  for (const version of await modelVersionsToWire(db, latestRows, false)) push(latest, version.name, version);
  return rows.map((row) => {
    const wire: RegisteredModel = {
      name: row.name,
      creation_timestamp: row.creation_time,
      last_updated_timestamp: row.last_updated_time,
    };
    if (row.description) wire.description = row.description;
    const ownLatest = latest.get(row.name);
    if (ownLatest) wire.latest_versions = ownLatest;
    const ownTags = modelTags.get(row.name);
    if (ownTags) wire.tags = ownTags;
    const ownAliases = aliases.get(row.name);
    if (ownAliases) wire.aliases = ownAliases;
    return wire;
  });
}

export async function registeredModelToWire(db: Db, row: RegisteredModelRow): Promise<RegisteredModel> {
  const [wire] = await registeredModelsToWire(db, [row]);
  return wire as RegisteredModel;
}

/** Tag filters on `mlflow.prompt.is_prompt` that ask for prompts rather than models. */
export function isQueryingPrompts(clauses: readonly { type: string; key: string; op: string; value: unknown }[]): boolean {
  const clause = clauses.find((candidate) => candidate.type === 'tag' && candidate.key === PROMPT_TAG_KEY);
  if (clause === undefined || typeof clause.value !== 'string') return false;
  const value = clause.value.toLowerCase();
  return (clause.op === '=' && value === 'true') || (clause.op === '!=' && value === 'false');
}
