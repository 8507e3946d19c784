// SQL of `--app-name basic-auth`: users, their experiment and registered-model permissions, UI
// sessions, and the lookups that tie runs and logged models to their experiment. Kysely's builder
// only, so it runs on SQLite and PostgreSQL alike.
import type { Db } from './database.js';

export interface AuthUserRow {
  id: number;
  username: string;
  password_hash: string;
  is_admin: number;
}

export interface ExperimentPermissionRow {
  experiment_id: string;
  user_id: number;
  permission: string;
}

export interface RegisteredModelPermissionRow {
  name: string;
  user_id: number;
  permission: string;
}

// --- users ---

export async function findUserByName(db: Db, username: string): Promise<AuthUserRow | undefined> {
  return db.selectFrom('auth_users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function listUsers(db: Db): Promise<AuthUserRow[]> {
  return db.selectFrom('auth_users').selectAll().orderBy('username').execute();
}

/** Inserts a user; false when the name is taken (also when another process won the race). */
export async function insertUser(db: Db, user: { username: string; passwordHash: string; isAdmin: boolean }): Promise<boolean> {
  const inserted = await db
    .insertInto('auth_users')
    .values({ username: user.username, password_hash: user.passwordHash, is_admin: user.isAdmin ? 1 : 0 })
    .onConflict((conflict) => conflict.column('username').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function updatePasswordHash(db: Db, userId: number, passwordHash: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('auth_users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
    // A new password ends every UI session signed in with the old one.
    await trx.deleteFrom('auth_sessions').where('user_id', '=', userId).execute();
  });
}

export async function updateAdmin(db: Db, userId: number, isAdmin: boolean): Promise<void> {
  await db
    .updateTable('auth_users')
    .set({ is_admin: isAdmin ? 1 : 0 })
    .where('id', '=', userId)
    .execute();
}

export async function deleteUser(db: Db, userId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('auth_sessions').where('user_id', '=', userId).execute();
    await trx.deleteFrom('auth_experiment_permissions').where('user_id', '=', userId).execute();
    await trx.deleteFrom('auth_registered_model_permissions').where('user_id', '=', userId).execute();
    await trx.deleteFrom('auth_users').where('id', '=', userId).execute();
  });
}

// --- experiment permissions ---

export async function listExperimentPermissions(db: Db, userIds: number[]): Promise<ExperimentPermissionRow[]> {
  if (userIds.length === 0) return [];
  return db.selectFrom('auth_experiment_permissions').selectAll().where('user_id', 'in', userIds).orderBy('experiment_id').execute();
}

export async function findExperimentPermission(db: Db, experimentId: string, userId: number): Promise<ExperimentPermissionRow | undefined> {
  return db
    .selectFrom('auth_experiment_permissions')
    .selectAll()
    .where('experiment_id', '=', experimentId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** False when the user already has a permission on the experiment. */
export async function insertExperimentPermission(db: Db, row: ExperimentPermissionRow): Promise<boolean> {
  const inserted = await db
    .insertInto('auth_experiment_permissions')
    .values(row)
    .onConflict((conflict) => conflict.columns(['experiment_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Sets the permission whether or not one exists (the creator's MANAGE). */
export async function upsertExperimentPermission(db: Db, row: ExperimentPermissionRow): Promise<void> {
  await db
    .insertInto('auth_experiment_permissions')
    .values(row)
    .onConflict((conflict) => conflict.columns(['experiment_id', 'user_id']).doUpdateSet({ permission: row.permission }))
    .execute();
}

export async function updateExperimentPermission(db: Db, row: ExperimentPermissionRow): Promise<boolean> {
  const updated = await db
    .updateTable('auth_experiment_permissions')
    .set({ permission: row.permission })
    .where('experiment_id', '=', row.experiment_id)
    .where('user_id', '=', row.user_id)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

export async function deleteExperimentPermission(db: Db, experimentId: string, userId: number): Promise<boolean> {
  const deleted = await db
    .deleteFrom('auth_experiment_permissions')
    .where('experiment_id', '=', experimentId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows) > 0;
}

// --- registered model permissions ---

export async function listRegisteredModelPermissions(db: Db, userIds: number[]): Promise<RegisteredModelPermissionRow[]> {
  if (userIds.length === 0) return [];
  return db.selectFrom('auth_registered_model_permissions').selectAll().where('user_id', 'in', userIds).orderBy('name').execute();
}

export async function findRegisteredModelPermission(
  db: Db,
  name: string,
  userId: number,
): Promise<RegisteredModelPermissionRow | undefined> {
  return db
    .selectFrom('auth_registered_model_permissions')
    .selectAll()
    .where('name', '=', name)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function insertRegisteredModelPermission(db: Db, row: RegisteredModelPermissionRow): Promise<boolean> {
  const inserted = await db
    .insertInto('auth_registered_model_permissions')
    .values(row)
    .onConflict((conflict) => conflict.columns(['name', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function upsertRegisteredModelPermission(db: Db, row: RegisteredModelPermissionRow): Promise<void> {
  await db
    .insertInto('auth_registered_model_permissions')
    .values(row)
    .onConflict((conflict) => conflict.columns(['name', 'user_id']).doUpdateSet({ permission: row.permission }))
    .execute();
}

export async function updateRegisteredModelPermission(db: Db, row: RegisteredModelPermissionRow): Promise<boolean> {
  const updated = await db
    .updateTable('auth_registered_model_permissions')
    .set({ permission: row.permission })
    .where('name', '=', row.name)
    .where('user_id', '=', row.user_id)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

export async function deleteRegisteredModelPermission(db: Db, name: string, userId: number): Promise<boolean> {
  const deleted = await db
    .deleteFrom('auth_registered_model_permissions')
    .where('name', '=', name)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows) > 0;
}

/** A deleted model's grants go with it, so a new model of the same name starts clean. */
export async function deleteRegisteredModelPermissionsOf(db: Db, name: string): Promise<void> {
  await db.deleteFrom('auth_registered_model_permissions').where('name', '=', name).execute();
}

export async function renameRegisteredModelPermissions(db: Db, from: string, to: string): Promise<void> {
  await db.updateTable('auth_registered_model_permissions').set({ name: to }).where('name', '=', from).execute();
}

// --- sessions ---

export async function insertSession(db: Db, session: { tokenHash: string; userId: number; expiresAt: number }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Expired sessions are swept here, at sign-in, rather than by a timer.
    await trx.deleteFrom('auth_sessions').where('expires_at', '<', Date.now()).execute();
    await trx
      .insertInto('auth_sessions')
      .values({ token_hash: session.tokenHash, user_id: session.userId, expires_at: session.expiresAt })
      .execute();
  });
}

/** The user of a live session. */
export async function findSessionUser(db: Db, tokenHash: string, now: number): Promise<AuthUserRow | undefined> {
  return db
    .selectFrom('auth_sessions')
    .innerJoin('auth_users', 'auth_users.id', 'auth_sessions.user_id')
    .select(['auth_users.id', 'auth_users.username', 'auth_users.password_hash', 'auth_users.is_admin'])
    .where('auth_sessions.token_hash', '=', tokenHash)
    .where('auth_sessions.expires_at', '>', now)
    .executeTakeFirst();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('auth_sessions').where('token_hash', '=', tokenHash).execute();
}

// --- what a permission applies to ---

/** The experiment of a run, as a string id; undefined when there is no such run. */
export async function experimentIdOfRun(db: Db, runId: string): Promise<string | undefined> {
  const row = await db.selectFrom('runs').select('experiment_id').where('run_uuid', '=', runId).executeTakeFirst();
  return row ? String(row.experiment_id) : undefined;
}

export async function experimentIdsOfRuns(db: Db, runIds: string[]): Promise<string[]> {
  if (runIds.length === 0) return [];
  const rows = await db.selectFrom('runs').select('experiment_id').distinct().where('run_uuid', 'in', runIds).execute();
  return rows.map((row) => String(row.experiment_id));
}

export async function experimentIdByName(db: Db, name: string): Promise<string | undefined> {
  const row = await db.selectFrom('experiments').select('experiment_id').where('name', '=', name).executeTakeFirst();
  return row ? String(row.experiment_id) : undefined;
}

export async function experimentIdOfLoggedModel(db: Db, modelId: string): Promise<string | undefined> {
  const row = await db.selectFrom('logged_models').select('experiment_id').where('model_id', '=', modelId).executeTakeFirst();
  return row ? String(row.experiment_id) : undefined;
}

export async function experimentIdOfTrace(db: Db, requestId: string): Promise<string | undefined> {
  const row = await db.selectFrom('trace_info').select('experiment_id').where('request_id', '=', requestId).executeTakeFirst();
  return row ? String(row.experiment_id) : undefined;
}
