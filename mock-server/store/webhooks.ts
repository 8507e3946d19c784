// SQL of registry webhooks, their delivery queue and delivery log (Kysely's builder only, so the
// same code runs on SQLite and PostgreSQL). Rules live in services/webhooks.ts and
// services/webhook-dispatcher.ts.
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from './database.js';
import type { WebhookDeliveriesTable, WebhookDeliveryAttemptsTable, WebhooksTable } from './schema.js';

export type WebhookRow = Selectable<WebhooksTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type WebhookDeliveryAttemptRow = Selectable<WebhookDeliveryAttemptsTable>;

export const PENDING = 'PENDING';

export async function insertWebhook(db: Db, row: Insertable<WebhooksTable>): Promise<void> {
  await db.insertInto('webhooks').values(row).execute();
}

export async function findWebhook(db: Db, webhookId: string): Promise<WebhookRow | undefined> {
  return db.selectFrom('webhooks').selectAll().where('webhook_id', '=', webhookId).executeTakeFirst();
}

/** Newest first; ties broken by id so pages never overlap. */
export async function listWebhookRows(db: Db, limit: number, offset: number): Promise<WebhookRow[]> {
  return db
    .selectFrom('webhooks')
    .selectAll()
    .orderBy('creation_timestamp', 'desc')
    .orderBy('webhook_id', 'asc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function listActiveWebhookRows(db: Db): Promise<WebhookRow[]> {
  return db.selectFrom('webhooks').selectAll().where('status', '=', 'ACTIVE').orderBy('creation_timestamp', 'asc').execute();
}

export async function updateWebhookRow(db: Db, webhookId: string, changes: Updateable<WebhooksTable>): Promise<void> {
  await db.updateTable('webhooks').set(changes).where('webhook_id', '=', webhookId).execute();
}

/** Deletes the webhook with its deliveries and their log. Returns whether it existed. */
export async function deleteWebhookRow(db: Db, webhookId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const deliveryIds = trx.selectFrom('webhook_deliveries').select('delivery_id').where('webhook_id', '=', webhookId);
    await trx.deleteFrom('webhook_delivery_attempts').where('delivery_id', 'in', deliveryIds).execute();
    await trx.deleteFrom('webhook_deliveries').where('webhook_id', '=', webhookId).execute();
    const result = await trx.deleteFrom('webhooks').where('webhook_id', '=', webhookId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  });
}

export async function insertDeliveries(db: Db, rows: Insertable<WebhookDeliveriesTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('webhook_deliveries').values(rows).execute();
}

/**
 * Pending deliveries that are due and not held by a live claim, oldest first, leaving out the
 * webhooks in `skipWebhookIds` (those already at their share of the dispatcher).
 */
export async function dueDeliveries(
  db: Db,
  now: number,
  limit: number,
  skipWebhookIds: readonly string[] = [],
): Promise<{ id: number; webhook_id: string }[]> {
  let query = db
    .selectFrom('webhook_deliveries')
    .select(['id', 'webhook_id'])
    .where('state', '=', PENDING)
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]));
  if (skipWebhookIds.length > 0) query = query.where('webhook_id', 'not in', skipWebhookIds);
  return query.orderBy('next_attempt_at', 'asc').orderBy('id', 'asc').limit(limit).execute();
}

/**
 * When the next pending delivery that is not yet due falls due (undefined: none). Due rows are left
 * out: they are either being sent (the dispatcher wakes when that ends) or waiting for a free slot.
 */
export async function nextDueTime(db: Db, now: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.min('next_attempt_at').as('next'))
    .where('state', '=', PENDING)
    .where('next_attempt_at', '>', now)
    .executeTakeFirst();
  const next = row?.next;
  return next === null || next === undefined ? undefined : Number(next);
}

/**
 * Claims one delivery for `claimer` until `until`: a conditional UPDATE that succeeds for exactly
 * one process even when several race for the same row (the WHERE repeats the due check).
 */
export async function claimDelivery(db: Db, id: number, claimer: string, now: number, until: number): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ claimed_by: claimer, claimed_until: until })
    .where('id', '=', id)
    .where('state', '=', PENDING)
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function findDelivery(db: Db, id: number): Promise<WebhookDeliveryRow | undefined> {
  return db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Writes one attempt to the log and the delivery's new state, in one transaction, if the claim still holds. */
export async function recordAttempt(
  db: Db,
  deliveryRowId: number,
  claimer: string,
  attempt: Insertable<WebhookDeliveryAttemptsTable>,
  next: { state: string; attempts: number; next_attempt_at: number | null },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('webhook_deliveries')
      .set({ ...next, claimed_by: null, claimed_until: null })
      .where('id', '=', deliveryRowId)
      .where('claimed_by', '=', claimer)
      .executeTakeFirst();
    // The webhook was deleted meanwhile (or the claim lapsed and another process took over).
    if (updated.numUpdatedRows !== 1n) return;
    await trx.insertInto('webhook_delivery_attempts').values(attempt).execute();
  });
}

/** A delivery that never goes out (its webhook was disabled): closed without an attempt. */
export async function closeDelivery(db: Db, deliveryRowId: number, claimer: string, state: string): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ state, next_attempt_at: null, claimed_by: null, claimed_until: null })
    .where('id', '=', deliveryRowId)
    .where('claimed_by', '=', claimer)
    .execute();
}

/** Gives back this process's claims (on shutdown), so another process or a restart sends them at once. */
export async function releaseClaims(db: Db, claimer: string): Promise<void> {
  await db.updateTable('webhook_deliveries').set({ claimed_by: null, claimed_until: null }).where('claimed_by', '=', claimer).execute();
}

/** A test delivery sent synchronously by POST webhooks/{id}/test, with its one attempt. */
export async function insertTestDelivery(
  db: Db,
  delivery: Insertable<WebhookDeliveriesTable>,
  attempt: Insertable<WebhookDeliveryAttemptsTable>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('webhook_deliveries').values(delivery).execute();
    await trx.insertInto('webhook_delivery_attempts').values(attempt).execute();
  });
}

/** A webhook's deliveries newest first, below row id `beforeId` when given. */
export async function listDeliveryRows(db: Db, webhookId: string, limit: number, beforeId?: number): Promise<WebhookDeliveryRow[]> {
  let query = db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId);
  if (beforeId !== undefined) query = query.where('id', '<', beforeId);
  return query.orderBy('id', 'desc').limit(limit).execute();
}

export async function listAttemptRows(db: Db, deliveryIds: string[]): Promise<WebhookDeliveryAttemptRow[]> {
  if (deliveryIds.length === 0) return [];
  return db.selectFrom('webhook_delivery_attempts').selectAll().where('delivery_id', 'in', deliveryIds).orderBy('attempt', 'asc').execute();
}

/** The run a model version came from (for `model_version.created` payloads). */
export async function findVersionRunId(db: Db, name: string, version: number): Promise<string | null> {
  const row = await db
    .selectFrom('model_versions')
    .select('run_id')
    .where('name', '=', name)
    .where('version', '=', version)
    .executeTakeFirst();
  return row?.run_id || null;
}
