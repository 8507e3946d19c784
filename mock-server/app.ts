// createApp() builds the tracking server (MLflow REST API + the built SPA) without listening, so
// tests can run it in-process. main.ts adds the CLI around it.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { parseJsonBody, checkJsonContentType, parseQueryString, MAX_JSON_BODY_BYTES } from './http/body.js';
import { clientErrorHandler, frameworkErrors, redactPaths, toClientError } from './http/error-mapping.js';
import { registerSecurity } from './http/security.js';
import { MlflowError } from './errors.js';
import { RequestInput } from './http/request-input.js';
import { RouteTable, type Endpoint } from './http/router.js';
import { serveStatic } from './http/static-files.js';
import { routingPath } from './http/url-path.js';
import { forwardToMlflow } from './http/proxy.js';
import { openProxyBucketsRoute, type ProxyBucketsRoute } from './proxy/proxy-buckets-route.js';
import { openStore } from './store/database.js';
import { storeErrorToMlflow } from './store/store-errors.js';
import { ArtifactDestinationError, openArtifactStore, parseArtifactsDestination, parseDefaultArtifactRoot } from './artifacts/artifact-destination.js';
import type { ArtifactStore } from './artifacts/artifact-store.js';
import { ensureDefaultExperiment, PROXIED_ARTIFACT_ROOT } from './services/experiments.js';
import { SummaryBuilder } from './services/metric-summaries.js';
import type { ServerContext } from './services/server-context.js';
import { allEndpoints } from './routes/index.js';
import { graphqlEndpoints } from './routes/graphql.js';
import { webhookEndpoints } from './routes/webhooks.js';
import { WebhookDispatcher } from './services/webhook-dispatcher.js';
import { webhookSecretKeyFromEnv } from './services/webhook-secrets.js';
import { DEFAULT_DELIVERY_POLICY, type WebhookDeliveryPolicy } from './services/webhooks.js';
import { createAuthGate } from './auth/auth-gate.js';
import { authOffEndpoints } from './auth/auth-routes.js';
import type { AuthOptions } from './auth/auth-service.js';

export interface AppOptions {
  /** `sqlite:///relative.db`, `sqlite:////absolute.db` or `sqlite:///:memory:`. */
  backendStoreUri: string;
  /** Folder or `s3://bucket/prefix` that holds run artifacts (`mlflow-artifacts:/` URIs resolve into it). */
  artifactsDestination: string;
  /** An already opened artifact store, used instead of `artifactsDestination` (tests). */
  artifactStore?: ArtifactStore;
  /** `--default-artifact-root`: `mlflow-artifacts:/` (default), or a `file:`/path or `s3://` root clients write to. */
  defaultArtifactRoot?: string;
  /** `--serve-artifacts` (default) / `--no-serve-artifacts`: whether the mlflow-artifacts proxy routes answer. */
  serveArtifacts?: boolean;
  /** The built SPA (dist/); without it `/` answers a short placeholder page. */
  staticDir?: string;
  logger?: boolean;
  /** Forward every API route to this MLflow server instead of answering from the local store. */
  proxyTo?: string;
  /** With proxyTo: the folder of the history cache (`--proxy-cache`); `:memory:` for none on disk. */
  proxyCacheDir?: string;
  /** Host header patterns accepted (`--allowed-hosts`); default: loopback, private IPs and `boundHost`. */
  allowedHosts?: string[];
  /** Origins allowed to call the API cross-origin (`--cors-allowed-origins`); default: same origin only. */
  corsAllowedOrigins?: string[];
  /** The address the server listens on (`--host`), accepted as a Host by default. */
  boundHost?: string;
  /** Serve Runboard's own read-only routes (`…/runboard/…`); off, the server answers only what MLflow does. */
  runboardExtensions?: boolean;
  /** Webhooks may target loopback, link-local and private addresses (`--allow-local-webhooks`). */
  allowLocalWebhooks?: boolean;
  /** Webhook timeouts and retries; tests shorten them. */
  webhookDelivery?: Partial<WebhookDeliveryPolicy>;
  /** `--app-name basic-auth`: users and permissions like MLflow's basic-auth app (mock-server/auth/). */
  auth?: AuthOptions;
}

const API_PREFIXES = ['/api/', '/ajax-api/', '/get-artifact', '/model-versions/get-artifact', '/v1/traces', '/graphql'];

export interface Server {
  app: FastifyInstance;
  /** The services' view of the store; absent in proxy mode. */
  context: ServerContext | undefined;
}

const MAX_HEADER_BYTES = 128 * 1024;

export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  return (await createServer(options)).app;
}

export async function createServer(options: AppOptions): Promise<Server> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: MAX_JSON_BODY_BYTES,
    // Node's 16 KB default refuses (431) the URL of a compare page with ~480 run ids; 1,000 need ~35 KB.
    http: { maxHeaderSize: MAX_HEADER_BYTES },
    clientErrorHandler,
    frameworkErrors,
  });
  registerSecurity(app, options);
  const routes = new RouteTable();
  let context: ServerContext | undefined;
  let proxyBuckets: ProxyBucketsRoute | undefined;

  if (options.proxyTo) {
    // Charts through the proxy: min/max buckets built here from the upstream's full histories.
    proxyBuckets = await openProxyBucketsRoute({ upstream: options.proxyTo, cacheDir: options.proxyCacheDir ?? ':memory:' });
    const opened = proxyBuckets;
    app.addHook('onClose', () => opened.close());
  } else {
    const serveArtifacts = options.serveArtifacts ?? true;
    const artifactRoot = parseDefaultArtifactRoot(options.defaultArtifactRoot ?? PROXIED_ARTIFACT_ROOT);
    if (!serveArtifacts && artifactRoot.kind === 'proxied') {
      throw new ArtifactDestinationError(
        `--no-serve-artifacts needs a --default-artifact-root that clients write to themselves (a folder, file:// or s3:// URI), not '${artifactRoot.uri}'.`,
      );
    }
    const artifacts = options.artifactStore ?? (await openArtifactStore(parseArtifactsDestination(options.artifactsDestination)));
    const directArtifactStores = artifactRoot.kind === 'direct' ? [await openArtifactStore(artifactRoot.destination)] : [];
    const store = await openStore(options.backendStoreUri);
    const withExtensions = options.runboardExtensions ?? true;
    context = {
      db: store.db,
      artifacts,
      runboardExtensions: withExtensions,
      defaultArtifactRoot: artifactRoot.uri,
      serveArtifacts,
      directArtifactStores,
    };
    await ensureDefaultExperiment(context);
    const webhookSettings = {
      allowLocal: options.allowLocalWebhooks ?? false,
      policy: { ...DEFAULT_DELIVERY_POLICY, ...options.webhookDelivery },
      secretKey: webhookSecretKeyFromEnv(),
    };
    const authGate = options.auth ? await createAuthGate(context, options.auth) : undefined;
    const endpoints = [...allEndpoints(context), ...webhookEndpoints(context, webhookSettings), ...(authGate?.endpoints ?? authOffEndpoints())];
    const served = endpoints.filter((endpoint) => withExtensions || !endpoint.path.includes('/runboard/'));
    routes.add(authGate ? served.map(authGate.protect) : served);
    // GraphQL resolvers call the (protected) REST endpoints above for the same request.
    const graphql = graphqlEndpoints(routes);
    routes.add(authGate ? graphql.map(authGate.protect) : graphql);
    // Sends queued webhook deliveries; woken after every write request, when its transaction has committed.
    // Searches are POSTs that write nothing: waking the dispatcher after each cost two queries per search.
    const webhookDispatcher = new WebhookDispatcher(store.db, webhookSettings);
    webhookDispatcher.start();
    app.addHook('onResponse', (request, _reply, done) => {
      if (request.method !== 'GET' && request.method !== 'HEAD' && !READ_ONLY_POST.test(routingPath(request.url))) webhookDispatcher.wake();
      done();
    });
    // Summarizes metric series in idle moments (and those a migration left stale) for the charts.
    const summaryBuilder = new SummaryBuilder(store.db);
    summaryBuilder.wake();
    app.addHook('onClose', async () => {
      await webhookDispatcher.stop();
      await summaryBuilder.stop();
      await store.close();
      if (!options.artifactStore) artifacts.close?.();
      for (const direct of directArtifactStores) direct.close?.();
    });
  }
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request, payload, done) => {
    const path = routingPath(request.url);
    const found = routes.lookup(request.method, path);
    // Artifact uploads and proxied requests stream; everything else is buffered for JSON parsing.
    if (options.proxyTo || (found.kind === 'found' && found.match.endpoint.rawBody)) {
      done(null, payload);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    payload.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_JSON_BODY_BYTES) chunks.push(chunk);
    });
    payload.on('end', () => {
      if (size > MAX_JSON_BODY_BYTES) done(new MlflowError('INVALID_PARAMETER_VALUE', `The request body is larger than the limit of ${MAX_JSON_BODY_BYTES / 1024 / 1024} MB.`), undefined);
      else done(null, Buffer.concat(chunks));
    });
    payload.on('error', (error) => done(error, undefined));
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error instanceof MlflowError) return reply.code(error.status).send(error.toJSON());
    const storeError = storeErrorToMlflow(error);
    if (storeError) {
      request.log.warn(error);
      return reply.code(storeError.status).send(storeError.toJSON());
    }
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.code(status).send({ error_code: 'BAD_REQUEST', message: error.message });
    }
    const clientError = toClientError(error);
    if (clientError) return reply.code(clientError.status).send(clientError.toJSON());
    request.log.error(error);
    return reply.code(500).send({ error_code: 'INTERNAL_ERROR', message: `Internal error: ${redactPaths(error.message)}` });
  });

  app.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    url: '/*',
    handler: async (request, reply) => {
      const path = routingPath(request.url);
      if (proxyBuckets?.matches(path)) return proxyBuckets.handle(request, reply);
      if (options.proxyTo && isApiPath(path)) return forwardToMlflow(options.proxyTo, request, reply);
      const found = routes.lookup(request.method === 'HEAD' ? 'GET' : request.method, path);
      if (found.kind === 'found') {
        const { endpoint, pathParams } = found.match;
        const input = readInput(endpoint, request);
        const result = await endpoint.handler({ input, request, reply, pathParams });
        if (reply.sent) return reply;
        return reply.code(200).header('content-type', 'application/json').send(JSON.stringify(result ?? {}));
      }
      if (found.kind === 'method-not-allowed') {
        return reply
          .code(405)
          .send({ error_code: 'METHOD_NOT_ALLOWED', message: `The method ${request.method} is not allowed for ${path}.` });
      }
      if ((request.method === 'GET' || request.method === 'HEAD') && !isApiPath(path)) {
        return serveStatic(options.staticDir, path, reply);
      }
      return reply.code(404).send({ error_code: 'ENDPOINT_NOT_FOUND', message: `No API endpoint at ${path}.` });
    },
  });
  return { app, context };
}

/** POST routes that only read: runs/search, experiments/search, search-datasets, and the like. */
const READ_ONLY_POST = /\/search(-[a-z-]+)?$/;

function isApiPath(path: string): boolean {
  return API_PREFIXES.some((prefix) => path.startsWith(prefix)) || path === '/health' || path === '/version';
}

function readInput(endpoint: Endpoint, request: FastifyRequest): RequestInput {
  const raw = Buffer.isBuffer(request.body) ? request.body : undefined;
  switch (request.method) {
    case 'GET':
    case 'HEAD': {
      const query = parseQueryString(request.url);
      // Like MLflow, a GET without a query string may carry its fields as a JSON body.
      if (Object.keys(query).length === 0 && raw && raw.length > 0) return RequestInput.fromBody(parseJsonBody(raw), raw);
      return RequestInput.fromQuery(query);
    }
    case 'POST':
    case 'PUT':
      if (endpoint.rawBody) return RequestInput.fromQuery(parseQueryString(request.url));
      checkJsonContentType(request.headers['content-type']);
      return RequestInput.fromBody(parseJsonBody(raw), raw);
    default:
      // PATCH and DELETE bodies are read whatever the content type; their query string is ignored.
      return RequestInput.fromBody(parseJsonBody(raw), raw);
  }
}

export type { FastifyInstance, FastifyReply };
