// `--app-name basic-auth`: MLflow's auth REST API, 401/403/429 answers, permission rules per
// endpoint, filtered searches, creators' MANAGE, the first admin and the UI's session cookie.
// Every user costs one scrypt hash (tens of ms, more on a busy machine), hence the longer timeouts.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../app.js';
import type { AuthOptions } from '../../auth/auth-service.js';
import { guardFor, isPublic } from '../../auth/endpoint-rules.js';
import { allEndpoints } from '../../routes/index.js';
import type { ServerContext } from '../../services/server-context.js';
import type { UserJson } from '../../auth/auth-service.js';
import { API, get as rawGet, send as rawSend, type Body, type Reply } from './registry-helpers.js';

/** The fields these tests read from auth and tracking answers. */
interface AuthBody extends Body {
  experiment: { name: string };
  experiments?: { name: string; experiment_id: string }[];
  runs?: { info: { experiment_id: string } }[];
  models?: { name: string }[];
  experiment_permission: { permission: string };
  registered_model_permission: { permission: string };
  user: UserJson;
  users: UserJson[];
}
type AuthReply = Omit<Reply, 'json'> & { json: AuthBody };

const send = async (...args: Parameters<typeof rawSend>): Promise<AuthReply> => (await rawSend(...args)) as AuthReply;
const get = async (...args: Parameters<typeof rawGet>): Promise<AuthReply> => (await rawGet(...args)) as AuthReply;

const ADMIN = { username: 'root', password: 'root-secret-1' };

function basic(username: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
}
const asAdmin = basic(ADMIN.username, ADMIN.password);

interface AuthServer {
  app: FastifyInstance;
  context: ServerContext;
  close: () => Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function startAuthServer(auth: Partial<AuthOptions> = {}, backendStoreUri = 'sqlite:///:memory:'): Promise<AuthServer> {
  const artifactsDir = mkdtempSync(path.join(os.tmpdir(), 'runboard-auth-test-'));
  const { app, context } = await createServer({
    backendStoreUri,
    artifactsDestination: artifactsDir,
    auth: { defaultPermission: 'READ', adminUsername: ADMIN.username, adminPassword: ADMIN.password, log: () => {}, ...auth },
  });
  if (!context) throw new Error('expected a local store');
  const close = async () => {
    await app.close();
    rmSync(artifactsDir, { recursive: true, force: true });
  };
  cleanups.push(close);
  return { app, context, close };
}

async function createUser(app: FastifyInstance, username: string, password = `${username}-password`): Promise<Record<string, string>> {
  const reply = await send(app, 'POST', `${API}/users/create`, { username, password }, asAdmin);
  expect(reply.status, reply.body).toBe(200);
  return basic(username, password);
}

async function createExperiment(app: FastifyInstance, name: string, headers = asAdmin): Promise<string> {
  const reply = await send(app, 'POST', `${API}/experiments/create`, { name }, headers);
  expect(reply.status, reply.body).toBe(200);
  return reply.json.experiment_id;
}

async function createRunIn(app: FastifyInstance, experimentId: string, headers = asAdmin): Promise<string> {
  const reply = await send(app, 'POST', `${API}/runs/create`, { experiment_id: experimentId, start_time: 1 }, headers);
  expect(reply.status, reply.body).toBe(200);
  return reply.json.run.info.run_id;
}

function expectDenied(reply: Reply | AuthReply): void {
  expect(reply.status, reply.body).toBe(403);
  expect(reply.json).toEqual({ error_code: 'PERMISSION_DENIED', message: 'Permission denied' });
}

describe('auth off (the default, like mlflow ui)', { timeout: 30_000 }, () => {
  it('serves every route without credentials and has no auth routes', async () => {
    const artifactsDir = mkdtempSync(path.join(os.tmpdir(), 'runboard-auth-off-'));
    const { app } = await createServer({ backendStoreUri: 'sqlite:///:memory:', artifactsDestination: artifactsDir });
    cleanups.push(async () => {
      await app.close();
      rmSync(artifactsDir, { recursive: true, force: true });
    });
    expect((await send(app, 'POST', `${API}/experiments/create`, { name: 'open' })).status).toBe(200);
    const me = await get(app, '/ajax-api/2.0/runboard/auth/current-user');
    expect(me.status).toBe(200);
    expect(me.json).toEqual({ auth_enabled: false });
    expect((await send(app, 'POST', `${API}/users/create`, { username: 'u', password: 'p' })).status).toBe(404);
  });
});

describe('authentication', { timeout: 30_000 }, () => {
  it('answers 401 with MLflow error body; asks for basic auth only on /api/', async () => {
    const { app } = await startAuthServer();
    const api = await get(app, `${API}/experiments/get`, { experiment_id: '0' });
    expect(api.status).toBe(401);
    expect(api.json.error_code).toBe('UNAUTHENTICATED');
    expect(api.json.message).toContain('You are not authenticated');
    expect(api.headers['www-authenticate']).toBe('Basic realm="mlflow"');

    const ajax = await get(app, '/ajax-api/2.0/mlflow/experiments/get', { experiment_id: '0' });
    expect(ajax.status).toBe(401);
    expect(ajax.json.error_code).toBe('UNAUTHENTICATED');
    expect(ajax.headers['www-authenticate']).toBeUndefined();

    const wrong = await get(app, `${API}/experiments/get`, { experiment_id: '0' }, basic(ADMIN.username, 'nope'));
    expect(wrong.status).toBe(401);
    const notBasic = await get(app, `${API}/experiments/get`, { experiment_id: '0' }, { authorization: 'Bearer abc' });
    expect(notBasic.status).toBe(401);
    const upload = await send(app, 'PUT', '/api/2.0/mlflow-artifacts/artifacts/0/x.txt', 'data');
    expect(upload.status).toBe(401);

    expect((await get(app, '/health')).status).toBe(200);
    const ok = await get(app, `${API}/experiments/get`, { experiment_id: '0' }, asAdmin);
    expect(ok.status).toBe(200);
    expect(ok.json.experiment.name).toBe('Default');
  });

  it('rate-limits repeated failures per user and address with 429 and Retry-After', async () => {
    const { app } = await startAuthServer();
    const attempt = (password: string, remoteAddress = '10.0.0.1') =>
      app.inject({ method: 'GET', url: `${API}/experiments/get?experiment_id=0`, headers: basic(ADMIN.username, password), remoteAddress });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong')).statusCode).toBe(401);
    const limited = await attempt(ADMIN.password);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error_code: 'REQUEST_LIMIT_EXCEEDED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not locked out, nor is the sign-in form spared.
    expect((await attempt(ADMIN.password, '10.0.0.2')).statusCode).toBe(200);
    const signin = await app.inject({
      method: 'POST',
      url: '/ajax-api/2.0/runboard/auth/signin',
      payload: ADMIN,
      headers: { 'content-type': 'application/json' },
      remoteAddress: '10.0.0.1',
    });
    expect(signin.statusCode).toBe(429);
    expect(signin.headers['retry-after']).toBeDefined();
  });
});

describe('the first admin', { timeout: 30_000 }, () => {
  it('comes from the configured credentials, and without a password gets a random one logged once', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'runboard-auth-boot-'));
    cleanups.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
    const uri = `sqlite:///${path.join(dir, 'store.db')}`;
    const logged: string[] = [];
    const first = await startAuthServer({ adminUsername: 'admin', adminPassword: undefined, log: (line) => logged.push(line) }, uri);
    expect(logged).toHaveLength(1);
    const password = /password (\S+)/.exec(logged[0] ?? '')?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect((await get(first.app, `${API}/users/get`, { username: 'admin' }, basic('admin', password))).json.user).toMatchObject({
      username: 'admin',
      is_admin: true,
    });
    // No well-known default password.
    for (const guess of ['password', 'admin', 'password1234']) {
      expect((await get(first.app, `${API}/users/get`, { username: 'admin' }, basic('admin', guess))).status).toBe(401);
    }
    await first.close();
    cleanups.pop();
    // A restart on the same database keeps the admin and logs nothing.
    const second = await startAuthServer({ adminUsername: 'admin', adminPassword: undefined, log: (line) => logged.push(line) }, uri);
    expect(logged).toHaveLength(1);
    expect((await get(second.app, `${API}/users/get`, { username: 'admin' }, basic('admin', password))).status).toBe(200);
  });

  it('stores scrypt hashes with a salt per user, never the password', async () => {
    const { app, context } = await startAuthServer();
    await createUser(app, 'ann', 'same-password');
    await createUser(app, 'bob', 'same-password');
    const rows = await context.db.selectFrom('auth_users').select(['username', 'password_hash']).execute();
    const hashes = rows.filter((row) => row.username !== ADMIN.username).map((row) => row.password_hash);
    expect(hashes).toHaveLength(2);
    for (const hash of hashes) {
      expect(hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$/);
      expect(hash).not.toContain('same-password');
    }
    expect(hashes[0]).not.toBe(hashes[1]);
  });
});

describe("MLflow's users API", { timeout: 30_000 }, () => {
  it('creates, reads, updates and deletes users with MLflow answers and checks', async () => {
    const { app } = await startAuthServer();
    const created = await send(app, 'POST', `${API}/users/create`, { username: 'ann', password: 'ann-pw' }, asAdmin);
    expect(created.json).toEqual({
      user: {
        id: expect.any(Number) as number,
        username: 'ann',
        is_admin: false,
        experiment_permissions: [],
        registered_model_permissions: [],
      },
    });
    const again = await send(app, 'POST', `${API}/users/create`, { username: 'ann', password: 'x' }, asAdmin);
    expect(again.status).toBe(400);
    expect(again.json).toEqual({ error_code: 'RESOURCE_ALREADY_EXISTS', message: "User 'ann' already exists." });
    expect((await send(app, 'POST', `${API}/users/create`, { username: '', password: 'x' }, asAdmin)).json).toEqual({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: 'Username cannot be empty.',
    });
    expect((await send(app, 'POST', `${API}/users/create`, { username: 'x', password: '' }, asAdmin)).json.message).toBe(
      'Password cannot be empty.',
    );
    const missing = await get(app, `${API}/users/get`, { username: 'nobody' }, asAdmin);
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'User with username=nobody not found' });

    const ann = basic('ann', 'ann-pw');
    // A user reads and re-passwords only themself; creating, promoting and deleting are for admins.
    expect((await get(app, `${API}/users/get`, { username: 'ann' }, ann)).status).toBe(200);
    expectDenied(await get(app, `${API}/users/get`, { username: ADMIN.username }, ann));
    expectDenied(await send(app, 'POST', `${API}/users/create`, { username: 'eve', password: 'eve' }, ann));
    expectDenied(await send(app, 'PATCH', `${API}/users/update-admin`, { username: 'ann', is_admin: true }, ann));
    expectDenied(await send(app, 'DELETE', `${API}/users/delete`, { username: ADMIN.username }, ann));
    expectDenied(await send(app, 'PATCH', `${API}/users/update-password`, { username: ADMIN.username, password: 'mine' }, ann));

    expect((await send(app, 'PATCH', `${API}/users/update-password`, { username: 'ann', password: 'ann-pw-2' }, ann)).json).toEqual({});
    expect((await get(app, `${API}/users/get`, { username: 'ann' }, ann)).status).toBe(401);
    const ann2 = basic('ann', 'ann-pw-2');
    expect((await get(app, `${API}/users/get`, { username: 'ann' }, ann2)).status).toBe(200);

    expect((await send(app, 'PATCH', `${API}/users/update-admin`, { username: 'ann', is_admin: true }, asAdmin)).status).toBe(200);
    expect((await get(app, `${API}/users/get`, { username: ADMIN.username }, ann2)).status).toBe(200);

    expect((await send(app, 'DELETE', `${API}/users/delete`, { username: 'ann' }, asAdmin)).status).toBe(200);
    expect((await get(app, `${API}/users/get`, { username: 'ann' }, ann2)).status).toBe(401);
    expect((await send(app, 'DELETE', `${API}/users/delete`, { username: 'ann' }, asAdmin)).status).toBe(404);
  });
});

describe("MLflow's permissions API", { timeout: 30_000 }, () => {
  it('manages experiment permissions; only MANAGE holders and admins may', async () => {
    const { app } = await startAuthServer();
    const ann = await createUser(app, 'ann');
    const bob = await createUser(app, 'bob');
    const experimentId = await createExperiment(app, 'shared');
    const url = `${API}/experiments/permissions`;
    const created = await send(app, 'POST', `${url}/create`, { experiment_id: experimentId, username: 'ann', permission: 'EDIT' }, asAdmin);
    expect(created.json).toEqual({
      experiment_permission: { experiment_id: experimentId, user_id: expect.any(Number) as number, permission: 'EDIT' },
    });
    const duplicate = await send(
      app,
      'POST',
      `${url}/create`,
      { experiment_id: experimentId, username: 'ann', permission: 'READ' },
      asAdmin,
    );
    expect(duplicate.json).toEqual({
      error_code: 'RESOURCE_ALREADY_EXISTS',
      message: `Experiment permission (experiment_id=${experimentId}, username=ann) already exists.`,
    });
    const invalid = await send(
      app,
      'POST',
      `${url}/create`,
      { experiment_id: experimentId, username: 'bob', permission: 'OWNER' },
      asAdmin,
    );
    expect(invalid.status).toBe(400);
    expect(invalid.json.message).toBe("Invalid permission 'OWNER'. Valid permissions are: ('READ', 'EDIT', 'MANAGE', 'NO_PERMISSIONS')");
    expect(
      (await get(app, `${url}/get`, { experiment_id: experimentId, username: 'ann' }, asAdmin)).json.experiment_permission.permission,
    ).toBe('EDIT');

    // EDIT is not enough to manage permissions.
    expectDenied(await get(app, `${url}/get`, { experiment_id: experimentId, username: 'ann' }, ann));
    expectDenied(await send(app, 'POST', `${url}/create`, { experiment_id: experimentId, username: 'bob', permission: 'MANAGE' }, ann));
    expect(
      (await send(app, 'PATCH', `${url}/update`, { experiment_id: experimentId, username: 'ann', permission: 'MANAGE' }, asAdmin)).json,
    ).toEqual({});
    expect(
      (await send(app, 'POST', `${url}/create`, { experiment_id: experimentId, username: 'bob', permission: 'READ' }, ann)).status,
    ).toBe(200);
    expectDenied(await send(app, 'DELETE', `${url}/delete`, { experiment_id: experimentId, username: 'ann' }, bob));
    expect((await send(app, 'DELETE', `${url}/delete`, { experiment_id: experimentId, username: 'bob' }, ann)).status).toBe(200);
    const gone = await get(app, `${url}/get`, { experiment_id: experimentId, username: 'bob' }, asAdmin);
    expect(gone.status).toBe(404);
    expect(gone.json.message).toBe(`Experiment permission with experiment_id=${experimentId} and username=bob not found`);
    expect(
      (await send(app, 'PATCH', `${url}/update`, { experiment_id: experimentId, username: 'bob', permission: 'READ' }, asAdmin)).status,
    ).toBe(404);
  });

  it('manages registered model permissions', async () => {
    const { app } = await startAuthServer();
    await createUser(app, 'ann');
    expect((await send(app, 'POST', `${API}/registered-models/create`, { name: 'm' }, asAdmin)).status).toBe(200);
    const url = `${API}/registered-models/permissions`;
    expect((await send(app, 'POST', `${url}/create`, { name: 'm', username: 'ann', permission: 'READ' }, asAdmin)).json).toEqual({
      registered_model_permission: { name: 'm', user_id: expect.any(Number) as number, permission: 'READ' },
    });
    expect((await send(app, 'PATCH', `${url}/update`, { name: 'm', username: 'ann', permission: 'EDIT' }, asAdmin)).status).toBe(200);
    expect((await get(app, `${url}/get`, { name: 'm', username: 'ann' }, asAdmin)).json.registered_model_permission.permission).toBe(
      'EDIT',
    );
    expect((await get(app, `${API}/users/get`, { username: 'ann' }, asAdmin)).json.user.registered_model_permissions).toEqual([
      { name: 'm', user_id: expect.any(Number) as number, permission: 'EDIT' },
    ]);
    expect((await send(app, 'DELETE', `${url}/delete`, { name: 'm', username: 'ann' }, asAdmin)).status).toBe(200);
    expect((await get(app, `${url}/get`, { name: 'm', username: 'ann' }, asAdmin)).json).toEqual({
      error_code: 'RESOURCE_DOES_NOT_EXIST',
      message: 'Registered model permission with name=m and username=ann not found',
    });
  });
});

describe('permissions on tracking and registry routes', { timeout: 30_000 }, () => {
  it('READ reads, EDIT changes, MANAGE deletes; runs and artifacts follow their experiment', async () => {
    const { app } = await startAuthServer();
    const ann = await createUser(app, 'ann');
    const experimentId = await createExperiment(app, 'exp');
    const runId = await createRunIn(app, experimentId);

    // Default READ.
    expect((await get(app, `${API}/experiments/get`, { experiment_id: experimentId }, ann)).status).toBe(200);
    expect((await get(app, `${API}/runs/get`, { run_id: runId }, ann)).status).toBe(200);
    expectDenied(await send(app, 'POST', `${API}/runs/create`, { experiment_id: experimentId }, ann));
    expectDenied(await send(app, 'POST', `${API}/runs/log-metric`, { run_id: runId, key: 'k', value: 1, timestamp: 1 }, ann));
    expectDenied(await send(app, 'POST', `${API}/experiments/update`, { experiment_id: experimentId, new_name: 'x' }, ann));
    expectDenied(
      toReply(
        await app.inject({
          method: 'PUT',
          url: `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/a.txt`,
          payload: 'x',
          headers: ann,
        }),
      ),
    );

    await send(
      app,
      'POST',
      `${API}/experiments/permissions/create`,
      { experiment_id: experimentId, username: 'ann', permission: 'EDIT' },
      asAdmin,
    );
    expect((await send(app, 'POST', `${API}/runs/create`, { experiment_id: experimentId }, ann)).status).toBe(200);
    expect((await send(app, 'POST', `${API}/runs/log-metric`, { run_id: runId, key: 'k', value: 1, timestamp: 1 }, ann)).status).toBe(200);
    const put = await app.inject({
      method: 'PUT',
      url: `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/a.txt`,
      payload: 'hello',
      headers: ann,
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/a.txt`,
          headers: ann,
        })
      ).body,
    ).toBe('hello');
    expectDenied(await send(app, 'POST', `${API}/runs/delete`, { run_id: runId }, ann));
    expectDenied(await send(app, 'POST', `${API}/experiments/delete`, { experiment_id: experimentId }, ann));

    await send(
      app,
      'PATCH',
      `${API}/experiments/permissions/update`,
      { experiment_id: experimentId, username: 'ann', permission: 'NO_PERMISSIONS' },
      asAdmin,
    );
    expectDenied(await get(app, `${API}/runs/get`, { run_id: runId }, ann));
    expectDenied(await get(app, `${API}/metrics/get-history`, { run_id: runId, metric_key: 'k' }, ann));
    expectDenied(await get(app, `${API}/experiments/get-by-name`, { experiment_name: 'exp' }, ann));
    expectDenied(await get(app, '/get-artifact', { run_id: runId, path: 'a.txt' }, ann));
    // No experiment id means the Default experiment, and READ there is not enough either.
    expectDenied(await send(app, 'POST', `${API}/runs/create`, { start_time: 1 }, ann));
    // Artifact paths outside any experiment take the default permission (READ: no writes).
    expectDenied(
      toReply(await app.inject({ method: 'PUT', url: '/api/2.0/mlflow-artifacts/artifacts/loose/file.txt', payload: 'x', headers: ann })),
    );
    expect(
      (await app.inject({ method: 'PUT', url: '/api/2.0/mlflow-artifacts/artifacts/loose/file.txt', payload: 'x', headers: asAdmin }))
        .statusCode,
    ).toBe(200);
    // An unknown run is MLflow's 404, not a 403.
    expect((await get(app, `${API}/runs/get`, { run_id: 'f'.repeat(32) }, ann)).status).toBe(404);
  });

  it('gives creators MANAGE on the experiments and models they create', async () => {
    const { app } = await startAuthServer({ defaultPermission: 'READ' });
    const ann = await createUser(app, 'ann');
    const bob = await createUser(app, 'bob');
    const experimentId = await createExperiment(app, 'anns', ann);
    expect((await get(app, `${API}/users/get`, { username: 'ann' }, ann)).json.user.experiment_permissions).toEqual([
      { experiment_id: experimentId, user_id: expect.any(Number) as number, permission: 'MANAGE' },
    ]);
    expectDenied(await send(app, 'POST', `${API}/experiments/delete`, { experiment_id: experimentId }, bob));
    expect((await send(app, 'POST', `${API}/experiments/delete`, { experiment_id: experimentId }, ann)).status).toBe(200);

    expect((await send(app, 'POST', `${API}/registered-models/create`, { name: 'anns-model' }, ann)).status).toBe(200);
    expect((await send(app, 'POST', `${API}/model-versions/create`, { name: 'anns-model', source: 's3://b/m' }, ann)).status).toBe(200);
    const promote = { name: 'anns-model', version: '1', stage: 'Production', archive_existing_versions: false };
    expectDenied(await send(app, 'POST', `${API}/model-versions/transition-stage`, promote, bob));
    expectDenied(await send(app, 'POST', `${API}/registered-models/alias`, { name: 'anns-model', alias: 'champion', version: '1' }, bob));
    expect((await get(app, `${API}/model-versions/get`, { name: 'anns-model', version: '1' }, bob)).status).toBe(200);
    expect((await send(app, 'POST', `${API}/model-versions/transition-stage`, promote, ann)).status).toBe(200);

    // Renaming carries the grants; deleting drops them, so a new model of that name starts clean.
    expect((await send(app, 'POST', `${API}/registered-models/rename`, { name: 'anns-model', new_name: 'renamed' }, ann)).status).toBe(200);
    expect((await send(app, 'DELETE', `${API}/registered-models/delete`, { name: 'renamed' }, ann)).status).toBe(200);
    expect((await get(app, `${API}/users/get`, { username: 'ann' }, ann)).json.user.registered_model_permissions).toEqual([]);
  });

  it('records the authenticated user in the registry timeline, whatever X-Runboard-User says', async () => {
    const { app } = await startAuthServer();
    const ann = await createUser(app, 'ann');
    await send(app, 'POST', `${API}/registered-models/create`, { name: 'm' }, { ...ann, 'x-runboard-user': 'mallory' });
    const events = await get(app, '/ajax-api/2.0/runboard/registry-events', { name: 'm' }, ann);
    expect(events.json.events).toEqual([expect.objectContaining({ event_type: 'MODEL_CREATED', user_id: 'ann' })]);
  });
});

describe('search results filtered by permission', { timeout: 30_000 }, () => {
  let server: AuthServer;
  let ann: Record<string, string>;
  const experimentIds: string[] = [];

  beforeAll(async () => {
    const artifactsDir = mkdtempSync(path.join(os.tmpdir(), 'runboard-auth-search-'));
    const created = await createServer({
      backendStoreUri: 'sqlite:///:memory:',
      artifactsDestination: artifactsDir,
      auth: { defaultPermission: 'NO_PERMISSIONS', adminUsername: ADMIN.username, adminPassword: ADMIN.password, log: () => {} },
    });
    if (!created.context) throw new Error('expected a local store');
    server = { app: created.app, context: created.context, close: () => created.app.close() };
    const { app } = server;
    ann = await createUser(app, 'ann');
    for (let i = 0; i < 6; i++) {
      const experimentId = await createExperiment(app, `exp-${i}`);
      experimentIds.push(experimentId);
      await createRunIn(app, experimentId);
      await send(app, 'POST', `${API}/registered-models/create`, { name: `model-${i}` }, asAdmin);
      await send(app, 'POST', `${API}/model-versions/create`, { name: `model-${i}`, source: 's3://b/m' }, asAdmin);
      // Ann may read the even ones only.
      if (i % 2 === 0) {
        await send(
          app,
          'POST',
          `${API}/experiments/permissions/create`,
          { experiment_id: experimentId, username: 'ann', permission: 'READ' },
          asAdmin,
        );
        await send(
          app,
          'POST',
          `${API}/registered-models/permissions/create`,
          { name: `model-${i}`, username: 'ann', permission: 'READ' },
          asAdmin,
        );
      }
    }
  });
  afterAll(() => server.close());

  it('experiments/search shows only readable experiments and pages through the rest', async () => {
    const all = await send(server.app, 'POST', `${API}/experiments/search`, { max_results: 100 }, ann);
    expect((all.json.experiments as { name: string }[]).map((e) => e.name).sort()).toEqual(['exp-0', 'exp-2', 'exp-4']);
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await send(
        server.app,
        'POST',
        `${API}/experiments/search`,
        { max_results: 2, ...(token ? { page_token: token } : {}) },
        ann,
      );
      expect(page.status, page.body).toBe(200);
      names.push(...(page.json.experiments ?? []).map((e) => e.name));
      token = page.json.next_page_token;
    } while (token);
    expect(names.sort()).toEqual(['exp-0', 'exp-2', 'exp-4']);
    expect((await send(server.app, 'POST', `${API}/experiments/search`, { max_results: 100 }, asAdmin)).json.experiments).toHaveLength(7);
  });

  it('runs/search and logged-models/search ask only readable experiments', async () => {
    const runs = await send(server.app, 'POST', `${API}/runs/search`, { experiment_ids: experimentIds }, ann);
    expect(runs.json.runs).toHaveLength(3);
    const runExperiments = (runs.json.runs as { info: { experiment_id: string } }[]).map((run) => run.info.experiment_id).sort();
    expect(runExperiments).toEqual([experimentIds[0], experimentIds[2], experimentIds[4]].sort());
    const hidden = await send(server.app, 'POST', `${API}/runs/search`, { experiment_ids: [experimentIds[1]] }, ann);
    expect(hidden.status).toBe(200);
    expect(hidden.json.runs ?? []).toEqual([]);
    const models = await send(server.app, 'POST', `${API}/logged-models/search`, { experiment_ids: [experimentIds[1]] }, ann);
    expect(models.status).toBe(200);
  });

  it('registered-models/search, model-versions/search and stage counts show only readable models', async () => {
    const models = await get(server.app, `${API}/registered-models/search`, { max_results: '2' }, ann);
    const seen: string[] = (models.json.registered_models as { name: string }[]).map((m) => m.name);
    let token: string | undefined = models.json.next_page_token;
    while (token) {
      const page = await get(server.app, `${API}/registered-models/search`, { max_results: '2', page_token: token }, ann);
      seen.push(...(page.json.registered_models ?? []).map((m) => m.name));
      token = page.json.next_page_token;
    }
    expect(seen.sort()).toEqual(['model-0', 'model-2', 'model-4']);
    const versions = await get(server.app, `${API}/model-versions/search`, {}, ann);
    expect((versions.json.model_versions as { name: string }[]).map((v) => v.name).sort()).toEqual(['model-0', 'model-2', 'model-4']);
    const counts = await get(server.app, '/ajax-api/2.0/runboard/model-versions/stage-counts', { name: ['model-0', 'model-1'] }, ann);
    expect((counts.json.models as { name: string }[]).map((m) => m.name)).toEqual(['model-0']);
    expectDenied(await get(server.app, `${API}/registered-models/get`, { name: 'model-1' }, ann));
  });
});

describe('the UI session', { timeout: 30_000 }, () => {
  it('signs in with a form post, sets an HttpOnly SameSite=Strict cookie stored hashed, and signs out', async () => {
    const { app, context } = await startAuthServer();
    await createUser(app, 'ann', 'ann-secret');
    const wrong = await send(app, 'POST', '/ajax-api/2.0/runboard/auth/signin', { username: 'ann', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({ error_code: 'UNAUTHENTICATED', message: 'Wrong user name or password.' });
    expect(wrong.headers['www-authenticate']).toBeUndefined();

    const signin = await send(app, 'POST', '/ajax-api/2.0/runboard/auth/signin', { username: 'ann', password: 'ann-secret' });
    expect(signin.status).toBe(200);
    expect(signin.json).toMatchObject({ user: { username: 'ann', is_admin: false }, default_permission: 'READ' });
    const setCookie = String(signin.headers['set-cookie']);
    expect(setCookie).toMatch(/^runboard_session=[\w-]{40,};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    const token = /runboard_session=([^;]+)/.exec(setCookie)?.[1] ?? '';
    const stored = await context.db.selectFrom('auth_sessions').select('token_hash').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.token_hash).not.toContain(token);

    const cookie = { cookie: `runboard_session=${token}` };
    const me = await get(app, '/ajax-api/2.0/runboard/auth/current-user', undefined, cookie);
    expect(me.json).toMatchObject({ auth_enabled: true, user: { username: 'ann' }, default_permission: 'READ' });
    expect((await get(app, '/ajax-api/2.0/mlflow/experiments/get', { experiment_id: '0' }, cookie)).status).toBe(200);
    expect(
      (await get(app, '/ajax-api/2.0/mlflow/experiments/get', { experiment_id: '0' }, { cookie: 'runboard_session=forged' })).status,
    ).toBe(401);

    const signout = await send(app, 'POST', '/ajax-api/2.0/runboard/auth/signout', {}, cookie);
    expect(String(signout.headers['set-cookie'])).toContain('Max-Age=0');
    // Nobody signed in is an answer, not an error (the UI asks before anything else).
    const after = await get(app, '/ajax-api/2.0/runboard/auth/current-user', undefined, cookie);
    expect(after.status).toBe(200);
    expect(after.json).toEqual({ auth_enabled: true });
    expect(after.headers['www-authenticate']).toBeUndefined();
  });

  it('lists users with their permissions for admins only', async () => {
    const { app } = await startAuthServer();
    const ann = await createUser(app, 'ann');
    expectDenied(await get(app, '/ajax-api/2.0/runboard/auth/users', undefined, ann));
    const users = await get(app, '/ajax-api/2.0/runboard/auth/users', undefined, asAdmin);
    expect((users.json.users as { username: string }[]).map((user) => user.username)).toEqual(['ann', ADMIN.username]);
  });
});

describe('endpoint rules', { timeout: 30_000 }, () => {
  it('names a rule for every endpoint the server has', async () => {
    const { context } = await startAuthServer();
    const unruled = allEndpoints(context)
      .filter((endpoint) => !isPublic(endpoint) && guardFor(endpoint) === undefined)
      .map((endpoint) => `${endpoint.method} ${endpoint.path}`);
    expect(unruled).toEqual([]);
  });
});

function toReply(response: { statusCode: number; body: string; headers: Record<string, unknown> }): Reply {
  let json: unknown = {};
  try {
    json = JSON.parse(response.body);
  } catch {
    // not JSON
  }
  return { status: response.statusCode, json, body: response.body, headers: response.headers } as Reply;
}
