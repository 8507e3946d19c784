// `--app-name basic-auth`: wraps every endpoint so that, after its input is parsed and before its
// handler runs, the caller is authenticated (HTTP basic auth, as the `mlflow` client sends it, or
// the UI's session cookie) and authorized by the endpoint's rule (endpoint-rules.ts); after it,
// creators get MANAGE and search results are filtered.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MlflowError } from '../http/mlflow-error.js';
import { routingPath } from '../http/url-path.js';
import type { Endpoint, EndpointContext } from '../http/router.js';
import type { RequestInput } from '../http/request-input.js';
import type { ServerContext } from '../services/server-context.js';
import { authEndpoints, sessionToken } from './auth-routes.js';
import { AuthService, notAuthenticated, TooManyFailures, type AuthOptions, type Principal } from './auth-service.js';
import { guardFor, isPublic, NOTHING_READABLE } from './endpoint-rules.js';

export interface AuthGate {
  service: AuthService;
  /** MLflow's auth REST API and Runboard's sign-in routes (to be protected like the rest). */
  endpoints: Endpoint[];
  /** The endpoint with authentication and its permission rule in front of its handler. */
  protect: (endpoint: Endpoint) => Endpoint;
}

// The registry timeline records this header's user; with auth on it is the authenticated user.
const REGISTRY_USER_HEADER = 'x-runboard-user';

function basicCredentials(header: string): { username: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export async function createAuthGate(context: ServerContext, options: AuthOptions): Promise<AuthGate> {
  const service = new AuthService(context.db, options);
  await service.bootstrapAdmin();
  const principals = new WeakMap<FastifyRequest, Principal>();

  async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<Principal> {
    // Only clients of /api/ are asked for basic auth: the UI's /ajax-api/ calls must never make the
    // browser show its own login dialog.
    const challenge = () => {
      if (routingPath(request.url).startsWith('/api/')) reply.header('www-authenticate', 'Basic realm="mlflow"');
      return notAuthenticated();
    };
    const header = request.headers.authorization;
    if (header) {
      const credentials = basicCredentials(header);
      if (!credentials) throw challenge();
      try {
        const principal = await service.checkPassword(credentials.username, credentials.password, request.ip);
        if (principal) return principal;
      } catch (error) {
        if (error instanceof TooManyFailures) reply.header('retry-after', String(error.retryAfterSeconds));
        throw error;
      }
      throw challenge();
    }
    const token = sessionToken(request);
    const principal = token ? await service.sessionUser(token) : undefined;
    if (principal) return principal;
    throw challenge();
  }

  function protect(endpoint: Endpoint): Endpoint {
    if (endpoint.path.endsWith('/runboard/auth/current-user')) {
      // Answers whether or not someone is signed in (the UI's first question).
      return {
        ...endpoint,
        handler: async (ctx: EndpointContext) => {
          const principal = await authenticate(ctx.request, ctx.reply).catch((error: unknown) => {
            if (error instanceof MlflowError && error.errorCode === 'UNAUTHENTICATED') {
              ctx.reply.removeHeader('www-authenticate');
              return undefined;
            }
            throw error;
          });
          if (principal) principals.set(ctx.request, principal);
          return endpoint.handler(ctx);
        },
      };
    }
    if (isPublic(endpoint)) {
      if (!endpoint.path.endsWith('/signin')) return endpoint;
      // Sign-in checks a password too, so its failures are rate-limited the same way.
      return {
        ...endpoint,
        handler: async (ctx: EndpointContext) => {
          try {
            return await endpoint.handler(ctx);
          } catch (error) {
            if (error instanceof TooManyFailures) ctx.reply.header('retry-after', String(error.retryAfterSeconds));
            throw error;
          }
        },
      };
    }
    const guard = guardFor(endpoint) ?? {};
    return {
      ...endpoint,
      handler: async (ctx: EndpointContext) => {
        // A request already authenticated (GraphQL resolvers call REST endpoints with it) is not asked again.
        const principal = principals.get(ctx.request) ?? (await authenticate(ctx.request, ctx.reply));
        principals.set(ctx.request, principal);
        ctx.request.headers[REGISTRY_USER_HEADER] = encodeURIComponent(principal.username);
        const guardContext = { auth: service, principal, input: ctx.input, pathParams: ctx.pathParams, headers: ctx.request.headers };
        let input = ctx.input;
        if (!principal.isAdmin && guard.before) {
          try {
            input = (await guard.before(guardContext)) ?? input;
          } catch (error) {
            if (error === NOTHING_READABLE) return guard.emptyAnswer ?? {};
            throw error;
          }
        }
        const run = (narrowed: RequestInput) => Promise.resolve(endpoint.handler({ ...ctx, input: narrowed }));
        const result = await run(input);
        if (ctx.reply.sent || !guard.after) return result;
        return guard.after({ ...guardContext, input }, result, run);
      },
    };
  }

  const principalOf = (request: FastifyRequest) => principals.get(request);
  return { service, endpoints: authEndpoints(service, principalOf), protect };
}
