// The webhook events (MLflow 3.3+'s registry events plus Runboard's stage transitions), how they
// are read from a request and written on the wire, and the payload each registry change sends.
//
// On the wire (proto JSON) an event is `{entity: "MODEL_VERSION_ALIAS", action: "CREATED"}`; in
// payloads and in the database it is MLflow's string form `model_version_alias.created`.
import { randomUUID } from 'node:crypto';
import { invalidParameter } from '../errors.js';
import type { RegistryChange } from './registry-change.js';

/** MLflow's WebhookEntity values (proto numbers 1…4) and Runboard's stage entity (no proto number). */
const ENTITY_NUMBERS: Record<string, number | undefined> = {
  REGISTERED_MODEL: 1,
  MODEL_VERSION: 2,
  MODEL_VERSION_TAG: 3,
  MODEL_VERSION_ALIAS: 4,
  MODEL_VERSION_STAGE: undefined,
};
/** MLflow's prompt entities: valid in MLflow, but Runboard's registry has no separate prompt API to fire them. */
const PROMPT_ENTITIES: Record<string, number> = { PROMPT: 5, PROMPT_VERSION: 6, PROMPT_TAG: 7, PROMPT_VERSION_TAG: 8, PROMPT_ALIAS: 9 };
const ACTION_NUMBERS: Record<string, number | undefined> = { CREATED: 1, UPDATED: 2, DELETED: 3, SET: 4, TRANSITIONED: undefined };

/** Valid actions per entity, as MLflow defines them, plus `model_version_stage.transitioned`. */
export const VALID_ENTITY_ACTIONS: Record<string, readonly string[]> = {
  REGISTERED_MODEL: ['CREATED'],
  MODEL_VERSION: ['CREATED'],
  MODEL_VERSION_TAG: ['SET', 'DELETED'],
  MODEL_VERSION_ALIAS: ['CREATED', 'DELETED'],
  MODEL_VERSION_STAGE: ['TRANSITIONED'],
};

export type WebhookEventName =
  | 'registered_model.created'
  | 'model_version.created'
  | 'model_version_tag.set'
  | 'model_version_tag.deleted'
  | 'model_version_alias.created'
  | 'model_version_alias.deleted'
  | 'model_version_stage.transitioned';

export const WEBHOOK_EVENT_NAMES: readonly WebhookEventName[] = [
  'registered_model.created',
  'model_version.created',
  'model_version_tag.set',
  'model_version_tag.deleted',
  'model_version_alias.created',
  'model_version_alias.deleted',
  'model_version_stage.transitioned',
];

export interface WireWebhookEvent {
  entity: string;
  action: string;
}

export function eventToWire(name: string): WireWebhookEvent {
  const [entity = '', action = ''] = name.split('.');
  return { entity: entity.toUpperCase(), action: action.toUpperCase() };
}

function enumName(field: 'entity' | 'action', value: unknown, numbers: Record<string, number | undefined>): string {
  if (typeof value === 'string' && value in numbers) return value;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) {
    const byNumber = Object.entries(numbers).find(([, number]) => number === Number(value));
    if (byNumber) return byNumber[0];
    if (field === 'entity') {
      const prompt = Object.entries(PROMPT_ENTITIES).find(([, number]) => number === Number(value));
      if (prompt) return prompt[0];
    }
  }
  if (field === 'entity' && typeof value === 'string' && value in PROMPT_ENTITIES) return value;
  const valid = Object.keys(numbers).join(', ');
  throw invalidParameter(
    `Invalid webhook event ${field} ${JSON.stringify(value) ?? 'null'}. Valid ${field === 'entity' ? 'entities' : 'actions'} are: ${valid}.`,
  );
}

/** One `{entity, action}` of a request, checked as MLflow checks it; returns `entity.action`. */
export function parseWireEvent(raw: unknown): WebhookEventName {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalidParameter(`Invalid webhook event ${JSON.stringify(raw) ?? 'null'}: expected an object {"entity": ..., "action": ...}.`);
  }
  const { entity: rawEntity, action: rawAction } = raw as Record<string, unknown>;
  if (rawEntity === undefined || rawEntity === null || rawEntity === '')
    throw invalidParameter("Missing value for required parameter 'events.entity'.");
  if (rawAction === undefined || rawAction === null || rawAction === '')
    throw invalidParameter("Missing value for required parameter 'events.action'.");
  const entity = enumName('entity', rawEntity, ENTITY_NUMBERS);
  const action = enumName('action', rawAction, ACTION_NUMBERS);
  if (entity in PROMPT_ENTITIES) {
    throw invalidParameter(
      `Webhook events for entity '${entity.toLowerCase()}' are not supported by this server: it has no prompt registry.`,
    );
  }
  const valid = VALID_ENTITY_ACTIONS[entity] ?? [];
  if (!valid.includes(action)) {
    const list = valid.map((name) => `'${name.toLowerCase()}'`).join(', ');
    throw invalidParameter(`Invalid action '${action.toLowerCase()}' for entity '${entity.toLowerCase()}'. Valid actions are: [${list}]`);
  }
  return `${entity.toLowerCase()}.${action.toLowerCase()}` as WebhookEventName;
}

/** The `events` list of a create or update request: at least one, duplicates dropped. */
export function parseWireEvents(raw: unknown, required: boolean): WebhookEventName[] | undefined {
  if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) {
    if (required) throw invalidParameter("Missing value for required parameter 'events'. Webhook events cannot be empty.");
    return undefined;
  }
  if (!Array.isArray(raw))
    throw invalidParameter(
      `Invalid value ${JSON.stringify(raw)} for parameter 'events' supplied: expected a list of {"entity", "action"} objects.`,
    );
  return [...new Set(raw.map(parseWireEvent))];
}

export interface QueuedEvent {
  event: WebhookEventName;
  /** MLflow's envelope: `{entity, action, timestamp, data}`, serialized once so every retry sends the same bytes. */
  payload: string;
}

function envelope(event: WebhookEventName, timestamp: number, data: Record<string, unknown>): QueuedEvent {
  const [entity, action] = event.split('.');
  return { event, payload: JSON.stringify({ entity, action, timestamp: new Date(timestamp).toISOString(), data }) };
}

/** Facts a payload needs that a registry change does not carry (a new version's run id). */
export type RunIdLookup = (name: string, version: string) => Promise<string | null>;

/**
 * The webhook events a batch of registry changes fires, in order. A creation's own description and
 * tags (recorded as separate changes after it) go into its payload and fire nothing of their own,
 * as MLflow sends one `*.created` for a create request.
 */
export async function eventsForChanges(
  changes: readonly RegistryChange[],
  timestamp: number,
  runIdOf: RunIdLookup,
): Promise<QueuedEvent[]> {
  const events: QueuedEvent[] = [];
  const createdModels = new Map<string, { tags: Record<string, string>; description: string | null }>();
  const createdVersions = new Map<
    string,
    { name: string; version: string; source: string; tags: Record<string, string>; description: string | null }
  >();
  const versionKey = (name: string, version: string) => `${name}\u0000${version}`;
  for (const change of changes) {
    const version = change.version === undefined || change.version === null ? '' : String(change.version);
    switch (change.event_type) {
      case 'MODEL_CREATED':
        createdModels.set(change.name, { tags: {}, description: null });
        break;
      case 'MODEL_DESCRIPTION_CHANGED': {
        const created = createdModels.get(change.name);
        if (created) created.description = change.to_value ?? null;
        break;
      }
      case 'MODEL_TAG_SET': {
        const created = createdModels.get(change.name);
        if (created && change.key) created.tags[change.key] = change.to_value ?? '';
        break;
      }
      case 'VERSION_CREATED':
        createdVersions.set(versionKey(change.name, version), {
          name: change.name,
          version,
          source: change.to_value ?? '',
          tags: {},
          description: null,
        });
        break;
      case 'VERSION_DESCRIPTION_CHANGED': {
        const created = createdVersions.get(versionKey(change.name, version));
        if (created) created.description = change.to_value ?? null;
        break;
      }
      case 'VERSION_TAG_SET': {
        const created = createdVersions.get(versionKey(change.name, version));
        if (created && change.key) created.tags[change.key] = change.to_value ?? '';
        else
          events.push(
            envelope('model_version_tag.set', timestamp, {
              name: change.name,
              version,
              key: change.key ?? '',
              value: change.to_value ?? '',
            }),
          );
        break;
      }
      case 'VERSION_TAG_DELETED':
        events.push(envelope('model_version_tag.deleted', timestamp, { name: change.name, version, key: change.key ?? '' }));
        break;
      case 'ALIAS_SET':
        events.push(envelope('model_version_alias.created', timestamp, { name: change.name, alias: change.alias ?? '', version }));
        break;
      case 'ALIAS_DELETED':
        events.push(envelope('model_version_alias.deleted', timestamp, { name: change.name, alias: change.alias ?? '' }));
        break;
      case 'VERSION_STAGE_CHANGED':
        events.push(
          envelope('model_version_stage.transitioned', timestamp, {
            name: change.name,
            version,
            from_stage: change.from_value ?? null,
            to_stage: change.to_value ?? null,
          }),
        );
        break;
      default:
        break;
    }
  }
  // Creations go first: they happened before any alias or tag change of the same request.
  const creations: QueuedEvent[] = [];
  for (const [name, model] of createdModels) {
    creations.push(envelope('registered_model.created', timestamp, { name, tags: model.tags, description: model.description }));
  }
  for (const created of createdVersions.values()) {
    const runId = await runIdOf(created.name, created.version);
    creations.push(
      envelope('model_version.created', timestamp, {
        name: created.name,
        version: created.version,
        source: created.source,
        run_id: runId,
        tags: created.tags,
        description: created.description,
      }),
    );
  }
  return [...creations, ...events];
}

/** MLflow's example payload per event, sent by POST webhooks/{id}/test. */
export function examplePayload(event: WebhookEventName, timestamp: number): QueuedEvent {
  const data: Record<WebhookEventName, Record<string, unknown>> = {
    'registered_model.created': {
      name: 'example_model',
      tags: { example_key: 'example_value' },
      description: 'An example registered model',
    },
    'model_version.created': {
      name: 'example_model',
      version: '1',
      source: 'models:/123',
      run_id: 'abcd1234abcd5678',
      tags: { example_key: 'example_value' },
      description: 'An example model version',
    },
    'model_version_tag.set': { name: 'example_model', version: '1', key: 'example_key', value: 'example_value' },
    'model_version_tag.deleted': { name: 'example_model', version: '1', key: 'example_key' },
    'model_version_alias.created': { name: 'example_model', alias: 'example_alias', version: '1' },
    'model_version_alias.deleted': { name: 'example_model', alias: 'example_alias' },
    'model_version_stage.transitioned': { name: 'example_model', version: '1', from_stage: 'Staging', to_stage: 'Production' },
  };
  return envelope(event, timestamp, data[event]);
}

export const newDeliveryId = (): string => randomUUID();
