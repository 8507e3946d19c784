// The rules of MLflow's basic-auth app (mlflow/server/auth/__init__.py and its SQL store): users,
// admins, permissions per experiment and registered model with a default for everything else,
// plus Runboard's sign-in sessions for the UI. No HTTP here beyond reading credentials.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { MlflowError, alreadyExists, invalidParameter, notFound } from '../http/mlflow-error.js';
import type { Db } from '../store/database.js';
import * as store from '../store/auth-store.js';
import { FailureLimiter } from './failure-limiter.js';
import { hashPassword, verifyPassword } from './password.js';
import { allows, isPermissionName, type Action, type PermissionName } from './permissions.js';

export interface AuthOptions {
  /** What users may do where they hold no permission of their own (MLflow's default: READ). */
  defaultPermission: PermissionName;
  /** The first admin, created on first start when no user of that name exists. */
  adminUsername: string;
  /** Without one, a random password is generated and printed once through `log`. */
  adminPassword?: string;
  log?: (message: string) => void;
}

/** Who a request comes from. */
export interface Principal {
  id: number;
  username: string;
  isAdmin: boolean;
}

export interface UserJson {
  id: number;
  username: string;
  is_admin: boolean;
  experiment_permissions: { experiment_id: string; user_id: number; permission: string }[];
  registered_model_permissions: { name: string; user_id: number; permission: string }[];
}

export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
// A checked Basic credential is trusted this long, so a client logging thousands of metrics pays
// for one scrypt, not one per request (MLflow caches the same way).
const CREDENTIAL_CACHE_MS = 60_000;
const MAX_CACHED_CREDENTIALS = 1000;

export const NOT_AUTHENTICATED_MESSAGE =
  'You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.';

export function notAuthenticated(message = NOT_AUTHENTICATED_MESSAGE): MlflowError {
  return new MlflowError('UNAUTHENTICATED', message, 401);
}

export function permissionDenied(message = 'Permission denied'): MlflowError {
  return new MlflowError('PERMISSION_DENIED', message, 403);
}

export class TooManyFailures extends MlflowError {
  constructor(readonly retryAfterSeconds: number) {
    super('REQUEST_LIMIT_EXCEEDED', `Too many failed sign-in attempts. Try again in ${retryAfterSeconds} seconds.`, 429);
  }
}

function toPrincipal(row: store.AuthUserRow): Principal {
  return { id: row.id, username: row.username, isAdmin: row.is_admin === 1 };
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function validateUsername(username: string | undefined): asserts username is string {
  if (!username) throw invalidParameter('Username cannot be empty.');
}

function validatePassword(password: string | undefined): asserts password is string {
  if (!password) throw invalidParameter('Password cannot be empty.');
}

export class AuthService {
  private readonly limiter = new FailureLimiter();
  private readonly cacheKey = randomBytes(32);
  private readonly credentialCache = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly db: Db,
    readonly options: AuthOptions,
  ) {}

  /** Creates the first admin unless a user of that name exists (several processes may race). */
  async bootstrapAdmin(): Promise<void> {
    const { adminUsername, adminPassword } = this.options;
    if (await store.findUserByName(this.db, adminUsername)) return;
    const password = adminPassword ?? randomBytes(18).toString('base64url');
    const created = await store.insertUser(this.db, { username: adminUsername, passwordHash: await hashPassword(password), isAdmin: true });
    if (created && !adminPassword) {
      (this.options.log ?? console.warn)(
        `Created the admin user '${adminUsername}' with the password ${password} (shown once; change it on /admin/users or with users/update-password).`,
      );
    }
  }

  // --- authentication ---

  /**
   * Checks a user name and password, counting failures per user and client address. Throws 429
   * while that pair is locked out (even for the right password, or guessing would go on).
   */
  async checkPassword(username: string, password: string, clientAddress: string): Promise<Principal | undefined> {
    const limitKey = `${username}\u0000${clientAddress}`;
    const wait = this.limiter.retryAfterSeconds(limitKey);
    if (wait > 0) throw new TooManyFailures(wait);
    const cacheKey = `${username}\u0000${createHmac('sha256', this.cacheKey).update(password).digest('base64')}`;
    const cached = this.credentialCache.get(cacheKey);
    if (cached && cached.until > Date.now()) return cached.principal;
    const row = await store.findUserByName(this.db, username);
    if (!(await verifyPassword(password, row?.password_hash)) || !row) {
      this.limiter.recordFailure(limitKey);
      return undefined;
    }
    this.limiter.recordSuccess(limitKey);
    const principal = toPrincipal(row);
    if (this.credentialCache.size >= MAX_CACHED_CREDENTIALS) this.credentialCache.clear();
    this.credentialCache.set(cacheKey, { principal, until: Date.now() + CREDENTIAL_CACHE_MS });
    return principal;
  }

  async sessionUser(token: string): Promise<Principal | undefined> {
    const row = await store.findSessionUser(this.db, hashSessionToken(token), Date.now());
    return row ? toPrincipal(row) : undefined;
  }

  /** A new session for the UI; the caller keeps the token, the database only its hash. */
  async startSession(user: Principal): Promise<{ token: string; expiresAt: number }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = Date.now() + SESSION_TTL_MS;
    await store.insertSession(this.db, { tokenHash: hashSessionToken(token), userId: user.id, expiresAt });
    return { token, expiresAt };
  }

  async endSession(token: string): Promise<void> {
    await store.deleteSession(this.db, hashSessionToken(token));
  }

  /** Cached credentials die with a password change, a demotion or a deletion. */
  private forgetCredentials(username: string): void {
    for (const key of this.credentialCache.keys()) if (key.startsWith(`${username}\u0000`)) this.credentialCache.delete(key);
  }

  // --- authorization ---

  async experimentPermission(principal: Principal, experimentId: string): Promise<PermissionName> {
    if (principal.isAdmin) return 'MANAGE';
    const row = await store.findExperimentPermission(this.db, experimentId, principal.id);
    return row && isPermissionName(row.permission) ? row.permission : this.options.defaultPermission;
  }

  async registeredModelPermission(principal: Principal, name: string): Promise<PermissionName> {
    if (principal.isAdmin) return 'MANAGE';
    const row = await store.findRegisteredModelPermission(this.db, name, principal.id);
    return row && isPermissionName(row.permission) ? row.permission : this.options.defaultPermission;
  }

  async requireExperiment(principal: Principal, experimentId: string, action: Action): Promise<void> {
    if (!allows(await this.experimentPermission(principal, experimentId), action)) throw permissionDenied();
  }

  /** What the default permission allows, for what belongs to no experiment or model. */
  requireDefault(action: Action): void {
    if (!allows(this.options.defaultPermission, action)) throw permissionDenied();
  }

  async requireRegisteredModel(principal: Principal, name: string, action: Action): Promise<void> {
    if (!allows(await this.registeredModelPermission(principal, name), action)) throw permissionDenied();
  }

  /** A predicate for filtering search results: may this user read the experiment with this id? */
  async experimentReader(principal: Principal): Promise<(experimentId: string) => boolean> {
    if (principal.isAdmin) return () => true;
    const granted = new Map(
      (await store.listExperimentPermissions(this.db, [principal.id])).map((row) => [row.experiment_id, row.permission]),
    );
    const byDefault = allows(this.options.defaultPermission, 'read');
    return (experimentId) => {
      const permission = granted.get(experimentId);
      return permission === undefined ? byDefault : isPermissionName(permission) && allows(permission, 'read');
    };
  }

  async registeredModelReader(principal: Principal): Promise<(name: string) => boolean> {
    if (principal.isAdmin) return () => true;
    const granted = new Map((await store.listRegisteredModelPermissions(this.db, [principal.id])).map((row) => [row.name, row.permission]));
    const byDefault = allows(this.options.defaultPermission, 'read');
    return (name) => {
      const permission = granted.get(name);
      return permission === undefined ? byDefault : isPermissionName(permission) && allows(permission, 'read');
    };
  }

  // --- users (MLflow's users/* routes) ---

  async createUser(username: string | undefined, password: string | undefined): Promise<UserJson> {
    validateUsername(username);
    validatePassword(password);
    const created = await store.insertUser(this.db, { username, passwordHash: await hashPassword(password), isAdmin: false });
    if (!created) throw alreadyExists(`User '${username}' already exists.`);
    return this.getUser(username);
  }

  private async requireUser(username: string): Promise<store.AuthUserRow> {
    const row = await store.findUserByName(this.db, username);
    if (!row) throw notFound(`User with username=${username} not found`);
    return row;
  }

  async getUser(username: string): Promise<UserJson> {
    const [user] = await this.describe([await this.requireUser(username)]);
    if (!user) throw notFound(`User with username=${username} not found`);
    return user;
  }

  async listUsers(): Promise<UserJson[]> {
    return this.describe(await store.listUsers(this.db));
  }

  private async describe(rows: store.AuthUserRow[]): Promise<UserJson[]> {
    const ids = rows.map((row) => row.id);
    const experiments = await store.listExperimentPermissions(this.db, ids);
    const models = await store.listRegisteredModelPermissions(this.db, ids);
    return rows.map((row) => ({
      id: row.id,
      username: row.username,
      is_admin: row.is_admin === 1,
      experiment_permissions: experiments.filter((permission) => permission.user_id === row.id),
      registered_model_permissions: models.filter((permission) => permission.user_id === row.id),
    }));
  }

  async updatePassword(username: string, password: string | undefined): Promise<void> {
    validatePassword(password);
    const row = await this.requireUser(username);
    await store.updatePasswordHash(this.db, row.id, await hashPassword(password));
    this.forgetCredentials(username);
  }

  async updateAdmin(username: string, isAdmin: boolean): Promise<void> {
    const row = await this.requireUser(username);
    await store.updateAdmin(this.db, row.id, isAdmin);
    this.forgetCredentials(username);
  }

  async deleteUser(username: string): Promise<void> {
    const row = await this.requireUser(username);
    await store.deleteUser(this.db, row.id);
    this.forgetCredentials(username);
  }

  // --- permissions (MLflow's experiments/permissions/* and registered-models/permissions/*) ---

  async createExperimentPermission(experimentId: string, username: string, permission: PermissionName) {
    const user = await this.requireUser(username);
    const row = { experiment_id: experimentId, user_id: user.id, permission };
    if (!(await store.insertExperimentPermission(this.db, row))) {
      throw alreadyExists(`Experiment permission (experiment_id=${experimentId}, username=${username}) already exists.`);
    }
    return row;
  }

  async getExperimentPermission(experimentId: string, username: string) {
    const user = await this.requireUser(username);
    const row = await store.findExperimentPermission(this.db, experimentId, user.id);
    if (!row) throw notFound(`Experiment permission with experiment_id=${experimentId} and username=${username} not found`);
    return row;
  }

  async updateExperimentPermission(experimentId: string, username: string, permission: PermissionName): Promise<void> {
    const user = await this.requireUser(username);
    if (!(await store.updateExperimentPermission(this.db, { experiment_id: experimentId, user_id: user.id, permission }))) {
      throw notFound(`Experiment permission with experiment_id=${experimentId} and username=${username} not found`);
    }
  }

  async deleteExperimentPermission(experimentId: string, username: string): Promise<void> {
    const user = await this.requireUser(username);
    if (!(await store.deleteExperimentPermission(this.db, experimentId, user.id))) {
      throw notFound(`Experiment permission with experiment_id=${experimentId} and username=${username} not found`);
    }
  }

  async createRegisteredModelPermission(name: string, username: string, permission: PermissionName) {
    const user = await this.requireUser(username);
    const row = { name, user_id: user.id, permission };
    if (!(await store.insertRegisteredModelPermission(this.db, row))) {
      throw alreadyExists(`Registered model permission (name=${name}, username=${username}) already exists.`);
    }
    return row;
  }

  async getRegisteredModelPermission(name: string, username: string) {
    const user = await this.requireUser(username);
    const row = await store.findRegisteredModelPermission(this.db, name, user.id);
    if (!row) throw notFound(`Registered model permission with name=${name} and username=${username} not found`);
    return row;
  }

  async updateRegisteredModelPermission(name: string, username: string, permission: PermissionName): Promise<void> {
    const user = await this.requireUser(username);
    if (!(await store.updateRegisteredModelPermission(this.db, { name, user_id: user.id, permission }))) {
      throw notFound(`Registered model permission with name=${name} and username=${username} not found`);
    }
  }

  async deleteRegisteredModelPermission(name: string, username: string): Promise<void> {
    const user = await this.requireUser(username);
    if (!(await store.deleteRegisteredModelPermission(this.db, name, user.id))) {
      throw notFound(`Registered model permission with name=${name} and username=${username} not found`);
    }
  }

  // --- what follows a successful write ---

  async grantCreatorExperiment(principal: Principal, experimentId: string): Promise<void> {
    await store.upsertExperimentPermission(this.db, { experiment_id: experimentId, user_id: principal.id, permission: 'MANAGE' });
  }

  async grantCreatorRegisteredModel(principal: Principal, name: string): Promise<void> {
    await store.upsertRegisteredModelPermission(this.db, { name, user_id: principal.id, permission: 'MANAGE' });
  }

  async registeredModelDeleted(name: string): Promise<void> {
    await store.deleteRegisteredModelPermissionsOf(this.db, name);
  }

  async registeredModelRenamed(from: string, to: string): Promise<void> {
    await store.renameRegisteredModelPermissions(this.db, from, to);
  }

  // --- lookups for the endpoint rules ---

  experimentIdOfRun = (runId: string) => store.experimentIdOfRun(this.db, runId);
  experimentIdsOfRuns = (runIds: string[]) => store.experimentIdsOfRuns(this.db, runIds);
  experimentIdByName = (name: string) => store.experimentIdByName(this.db, name);
  experimentIdOfLoggedModel = (modelId: string) => store.experimentIdOfLoggedModel(this.db, modelId);
  experimentIdOfTrace = (requestId: string) => store.experimentIdOfTrace(this.db, requestId);
}
