// MLflow's auth REST API (users/*, experiments/permissions/*, registered-models/permissions/*,
// with MLflow's methods and answers) and Runboard's routes for the UI: sign-in and sign-out with a
// session cookie, the signed-in user, and the user list of the admin page.
import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Endpoint } from '../http/router.js';
import type { RequestInput } from '../http/request-input.js';
import { notAuthenticated, SESSION_TTL_MS, type AuthService, type Principal } from './auth-service.js';
import { parsePermission } from './permissions.js';

export const SESSION_COOKIE = 'runboard_session';

export function sessionToken(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  return header ? parseCookie(header)[SESSION_COOKIE] || undefined : undefined;
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeMs: number): void {
  reply.header(
    'set-cookie',
    stringifySetCookie({
      name: SESSION_COOKIE,
      value: token,
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: request.protocol === 'https',
      maxAge: Math.floor(maxAgeMs / 1000),
    }),
  );
}

/** MLflow sends `is_admin` as a JSON boolean; query strings and older clients send "true"/"false". */
function readIsAdmin(input: RequestInput): boolean {
  const value = input.raw('is_admin');
  if (typeof value === 'string' && value.toLowerCase() === 'true') return true;
  if (typeof value === 'string' && value.toLowerCase() === 'false') return false;
  return input.bool('is_admin') ?? false;
}

export function authEndpoints(auth: AuthService, principalOf: (request: FastifyRequest) => Principal | undefined): Endpoint[] {
  const permissionOf = (input: RequestInput) => parsePermission(input.requiredString('permission'));
  return [
    // --- users ---
    {
      method: 'POST',
      path: '/mlflow/users/create',
      handler: async ({ input }) => ({ user: await auth.createUser(input.string('username'), input.string('password')) }),
    },
    {
      method: 'GET',
      path: '/mlflow/users/get',
      handler: async ({ input }) => ({ user: await auth.getUser(input.requiredString('username')) }),
    },
    {
      method: 'PATCH',
      path: '/mlflow/users/update-password',
      handler: async ({ input }) => {
        await auth.updatePassword(input.requiredString('username'), input.string('password'));
        return {};
      },
    },
    {
      method: 'PATCH',
      path: '/mlflow/users/update-admin',
      handler: async ({ input }) => {
        await auth.updateAdmin(input.requiredString('username'), readIsAdmin(input));
        return {};
      },
    },
    {
      method: 'DELETE',
      path: '/mlflow/users/delete',
      handler: async ({ input }) => {
        await auth.deleteUser(input.requiredString('username'));
        return {};
      },
    },

    // --- experiment permissions ---
    {
      method: 'POST',
      path: '/mlflow/experiments/permissions/create',
      handler: async ({ input }) => ({
        experiment_permission: await auth.createExperimentPermission(
          input.requiredString('experiment_id'),
          input.requiredString('username'),
          permissionOf(input),
        ),
      }),
    },
    {
      method: 'GET',
      path: '/mlflow/experiments/permissions/get',
      handler: async ({ input }) => ({
        experiment_permission: await auth.getExperimentPermission(input.requiredString('experiment_id'), input.requiredString('username')),
      }),
    },
    {
      method: 'PATCH',
      path: '/mlflow/experiments/permissions/update',
      handler: async ({ input }) => {
        await auth.updateExperimentPermission(input.requiredString('experiment_id'), input.requiredString('username'), permissionOf(input));
        return {};
      },
    },
    {
      method: 'DELETE',
      path: '/mlflow/experiments/permissions/delete',
      handler: async ({ input }) => {
        await auth.deleteExperimentPermission(input.requiredString('experiment_id'), input.requiredString('username'));
        return {};
      },
    },

    // --- registered model permissions ---
    {
      method: 'POST',
      path: '/mlflow/registered-models/permissions/create',
      handler: async ({ input }) => ({
        registered_model_permission: await auth.createRegisteredModelPermission(
          input.requiredString('name'),
          input.requiredString('username'),
          permissionOf(input),
        ),
      }),
    },
    {
      method: 'GET',
      path: '/mlflow/registered-models/permissions/get',
      handler: async ({ input }) => ({
        registered_model_permission: await auth.getRegisteredModelPermission(
          input.requiredString('name'),
          input.requiredString('username'),
        ),
      }),
    },
    {
      method: 'PATCH',
      path: '/mlflow/registered-models/permissions/update',
      handler: async ({ input }) => {
        await auth.updateRegisteredModelPermission(input.requiredString('name'), input.requiredString('username'), permissionOf(input));
        return {};
      },
    },
    {
      method: 'DELETE',
      path: '/mlflow/registered-models/permissions/delete',
      handler: async ({ input }) => {
        await auth.deleteRegisteredModelPermission(input.requiredString('name'), input.requiredString('username'));
        return {};
      },
    },

    // --- Runboard: the UI's session ---
    {
      method: 'POST',
      path: '/ajax-api/2.0/runboard/auth/signin',
      absolute: true,
      handler: async ({ input, request, reply }) => {
        const principal = await auth.checkPassword(input.string('username') ?? '', input.string('password') ?? '', request.ip);
        if (!principal) throw notAuthenticated('Wrong user name or password.');
        const { token } = await auth.startSession(principal);
        setSessionCookie(request, reply, token, SESSION_TTL_MS);
        return { auth_enabled: true, user: await auth.getUser(principal.username), default_permission: auth.options.defaultPermission };
      },
    },
    {
      method: 'POST',
      path: '/ajax-api/2.0/runboard/auth/signout',
      absolute: true,
      handler: async ({ request, reply }) => {
        const token = sessionToken(request);
        if (token) await auth.endSession(token);
        setSessionCookie(request, reply, '', 0);
        return {};
      },
    },
    ...currentUserEndpoints(async (request) => {
      const principal = principalOf(request);
      return principal
        ? { auth_enabled: true, user: await auth.getUser(principal.username), default_permission: auth.options.defaultPermission }
        : { auth_enabled: true };
    }),
    ...['/ajax-api', '/api'].map((prefix): Endpoint => ({
      method: 'GET',
      path: `${prefix}/2.0/runboard/auth/users`,
      absolute: true,
      handler: async () => ({ users: await auth.listUsers() }),
    })),
  ];
}

/**
 * `runboard/auth/current-user`: who is signed in. It answers 200 in every case (`auth_enabled`
 * false without `--app-name basic-auth`, no `user` when nobody is signed in) so the UI can tell
 * without provoking errors; a real MLflow answers 404 and the UI hides every auth control.
 */
function currentUserEndpoints(answer: (request: FastifyRequest) => Promise<Record<string, unknown>>): Endpoint[] {
  return ['/ajax-api', '/api'].map((prefix) => ({
    method: 'GET',
    path: `${prefix}/2.0/runboard/auth/current-user`,
    absolute: true,
    handler: ({ request }) => answer(request),
  }));
}

/** Without auth the UI still asks who is signed in: nobody, and nobody needs to. */
export function authOffEndpoints(): Endpoint[] {
  return currentUserEndpoints(() => Promise.resolve({ auth_enabled: false }));
}
