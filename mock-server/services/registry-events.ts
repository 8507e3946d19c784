// Runboard's registry timeline (MLflow keeps none): every registry change is written to
// registry_events by the service that makes it, inside the same transaction, and read back
// newest first by GET .../runboard/registry-events.
//
// What each event carries (name is always the model's current name):
//   MODEL_CREATED                                   -
//   MODEL_RENAMED                from_value = old name, to_value = new name
//   MODEL_DELETED                                   -
//   MODEL_DESCRIPTION_CHANGED    from_value / to_value = old / new description (absent = none)
//   MODEL_TAG_SET                key, from_value = previous value (absent if new), to_value
//   MODEL_TAG_DELETED            key, from_value = removed value
//   VERSION_CREATED              version, to_value = source
//   VERSION_DELETED              version
//   VERSION_STAGE_CHANGED        version, from_value = old stage, to_value = new stage
//   VERSION_DESCRIPTION_CHANGED  version, from_value / to_value
//   VERSION_TAG_SET              version, key, from_value (previous), to_value
//   VERSION_TAG_DELETED          version, key, from_value
//   ALIAS_SET                    alias, version, from_value = previous version if moved, to_value = version
//   ALIAS_DELETED                alias, version, from_value = version it pointed to
// A description or tag given at creation is recorded as its own *_DESCRIPTION_CHANGED / *_TAG_SET
// event after the creation. Requests that change nothing (same value, missing tag) record nothing.
import type { RegistryEvent } from '../../src/lib/mlflow/wire-types.js';
import { decodePageToken, encodePageToken, PageTokenError } from '../../src/lib/mlflow/filter/index.js';
import { invalidParameter } from '../errors.js';
import type { Db } from '../store/database.js';
import { insertRegistryEvents, listRegistryEventRows } from '../store/registry.js';
import type { RegistryActor } from './registry.js';
import type { RegistryChange, RegistryEventType } from './registry-change.js';
import { queueWebhookDeliveries } from './webhooks.js';

export type { RegistryChange, RegistryEventType } from './registry-change.js';

export const DEFAULT_EVENTS_PAGE_SIZE = 1000;
export const MAX_EVENTS_PAGE_SIZE = 10000;

/**
 * Writes changes in order (ids grow), all stamped with the change's time and actor, and queues the
 * webhook deliveries they fire in the same transaction.
 */
export async function recordRegistryEvents(
  trx: Db,
  actor: RegistryActor,
  timestamp: number,
  changes: readonly RegistryChange[],
): Promise<void> {
  if (changes.length === 0) return;
  await insertRegistryEvents(
    trx,
    changes.map((change) => ({
      timestamp,
      user_id: actor.user,
      event_type: change.event_type,
      name: change.name,
      version: change.version === undefined || change.version === null ? null : String(change.version),
      alias: change.alias ?? null,
      key: change.key ?? null,
      from_value: change.from_value ?? null,
      to_value: change.to_value ?? null,
    })),
  );
  await queueWebhookDeliveries(trx, timestamp, changes);
}

export interface ListRegistryEventsInput {
  name: string;
  maxResults: number;
  pageToken?: string;
}

/**
 * Events of one model, newest first. The page token holds the id the next page starts below, so
 * events recorded while a client pages never shift the pages it has not read yet.
 */
export async function listRegistryEvents(
  db: Db,
  input: ListRegistryEventsInput,
): Promise<{ events: RegistryEvent[]; next_page_token?: string }> {
  if (input.maxResults < 1 || input.maxResults > MAX_EVENTS_PAGE_SIZE) {
    throw invalidParameter(
      `Invalid value ${input.maxResults} for parameter 'max_results' supplied. It must be at most ${MAX_EVENTS_PAGE_SIZE}, and at least 1.`,
    );
  }
  let below: number | undefined;
  if (input.pageToken) {
    try {
      below = decodePageToken(input.pageToken);
    } catch (error) {
      if (error instanceof PageTokenError) throw invalidParameter(error.message);
      throw error;
    }
  }
  const rows = await listRegistryEventRows(db, input.name, below, input.maxResults + 1);
  const page = rows.slice(0, input.maxResults);
  const events = page.map((row) => {
    const event: RegistryEvent = { id: row.id, timestamp: row.timestamp, event_type: row.event_type as RegistryEventType, name: row.name };
    if (row.user_id !== null) event.user_id = row.user_id;
    if (row.version !== null) event.version = row.version;
    if (row.alias !== null) event.alias = row.alias;
    if (row.key !== null) event.key = row.key;
    if (row.from_value !== null) event.from_value = row.from_value;
    if (row.to_value !== null) event.to_value = row.to_value;
    return event;
  });
  const last = page[page.length - 1];
  return {
    events,
    ...(rows.length > input.maxResults && last !== undefined ? { next_page_token: encodePageToken(last.id) } : {}),
  };
}
