// The `runboard` CLI: serves the UI and the MLflow REST API like `mlflow server`.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from './app.js';
import { ArtifactDestinationError, parseArtifactsDestination, parseDefaultArtifactRoot } from './artifacts/artifact-destination.js';
import { loadDemoData } from './demo/load-demo-data.js';
import { runWorkerPool, shownHostOf } from './server-cluster.js';
import { parseBackendStoreUri, redactUri, sqlitePathFromUri } from './store/database.js';
import { isPermissionName, PERMISSION_NAMES, type PermissionName } from './auth/permissions.js';
import { splitList } from './http/security.js';
import { startDemoLiveLogging } from './demo/live-logging.js';
import { defaultProxyCacheDir } from './proxy/proxy-buckets-route.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

interface CliOptions {
  host: string;
  port: number;
  backendStoreUri: string;
  artifactsDestination: string;
  defaultArtifactRoot?: string;
  serveArtifacts: boolean;
  demo: boolean;
  proxyTo?: string;
  proxyCache: string;
  staticDir: string;
  runboardExtensions: boolean;
  allowLocalWebhooks: boolean;
  appName?: string;
  authDefaultPermission: PermissionName;
  allowedHosts?: string[];
  corsAllowedOrigins?: string[];
  workers: number;
}

const MAX_WORKERS = 64;

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535.');
  return port;
}

function parseBackendUri(value: string): string {
  try {
    parseBackendStoreUri(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  return value;
}

function parseArtifactsUri(value: string): string {
  try {
    const destination = parseArtifactsDestination(value);
    return destination.kind === 'local' ? destination.folder : value;
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function parseArtifactRootUri(value: string): string {
  try {
    return parseDefaultArtifactRoot(value).uri;
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function parseWorkers(value: string): number {
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS) {
    throw new InvalidArgumentError(`must be a whole number of server processes from 1 to ${MAX_WORKERS}.`);
  }
  return workers;
}

/** An in-memory SQLite store exists once per process, so workers cannot share it. */
function isInMemoryStore(uri: string): boolean {
  try {
    return sqlitePathFromUri(uri) === ':memory:';
  } catch {
    return false;
  }
}

function parseProxyTarget(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
  } catch {
    throw new InvalidArgumentError('must be an http(s) URL such as http://mlflow.example:5000.');
  }
  return value.replace(/\/+$/, '');
}

function parseAppName(value: string): string {
  if (value !== 'basic-auth') throw new InvalidArgumentError("the only app is 'basic-auth'.");
  return value;
}

function parseDefaultPermission(value: string): PermissionName {
  if (!isPermissionName(value)) throw new InvalidArgumentError(`must be one of ${PERMISSION_NAMES.join(', ')}.`);
  return value;
}

function buildProgram(): Command {
  return new Command('runboard')
    .description('Runboard: a fast UI for MLflow, with a bundled MLflow-compatible tracking server.')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('-p, --port <port>', 'port to listen on', parsePort, 5000)
    .option(
      '--backend-store-uri <uri>',
      'sqlite:///relative.db, sqlite:///:memory: or postgresql://user:pass@host:port/db',
      parseBackendUri,
      'sqlite:///mlruns.db',
    )
    .option('--artifacts-destination <uri>', 'folder or s3://bucket/prefix for run artifacts', parseArtifactsUri, './mlartifacts')
    .option(
      '--default-artifact-root <uri>',
      "new experiments' artifact root: mlflow-artifacts:/ (default with --serve-artifacts), a folder, file:// or s3:// URI that clients write to",
      parseArtifactRootUri,
    )
    .option('--serve-artifacts', 'answer the mlflow-artifacts proxy routes (default)', true)
    .option('--no-serve-artifacts', 'clients write to --default-artifact-root themselves; the proxy routes answer 503')
    .option('--demo', 'load the demo experiments, runs and models into an empty store', false)
    .option('--proxy-to <url>', 'serve the UI and forward every API call to this MLflow server', parseProxyTarget)
    .option('--proxy-cache <dir>', "with --proxy-to: folder of the cache of finished runs' metric histories", defaultProxyCacheDir())
    .option('--static-dir <dir>', 'the built UI', join(repoRoot, 'dist'))
    .option('--workers <n>', 'server processes sharing the port and the database', parseWorkers, 1)
    .option('--allow-local-webhooks', 'let webhooks target loopback, link-local and private addresses', false)
    .option('--no-runboard-extensions', "answer only MLflow's own routes, as a real MLflow server would (to test the UI's fallbacks)")
    .option('--app-name <name>', "'basic-auth': users and permissions like MLflow's basic-auth app", parseAppName)
    .option(
      '--auth-default-permission <permission>',
      'with --app-name basic-auth: what users may do without a permission of their own',
      parseDefaultPermission,
      process.env.RUNBOARD_AUTH_DEFAULT_PERMISSION ?? 'READ',
    )
    // Same flags and environment variables as `mlflow server` 3.5+.
    .addOption(
      new Option('--allowed-hosts <hosts>', 'comma-separated Host header patterns to accept (e.g. "mlflow.company.com,*.internal:5000"); "*" accepts any. Default: localhost, 127.0.0.1, [::1], private IPs and --host, any port')
        .env('MLFLOW_SERVER_ALLOWED_HOSTS')
        .argParser(splitList),
    )
    .addOption(
      new Option('--cors-allowed-origins <origins>', 'comma-separated origins allowed to call the API from a browser (e.g. "https://app.company.com,https://*.company.com"); "*" allows any. Default: same origin only')
        .env('MLFLOW_SERVER_CORS_ALLOWED_ORIGINS')
        .argParser(splitList),
    )
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; every mistake in the flags exits 2, like mlflow's CLI.
      process.exit(error.exitCode === 0 ? 0 : 2);
    }
    throw error;
  }
  const options = program.opts<CliOptions>();
  if (!isPermissionName(options.authDefaultPermission)) {
    console.error(`RUNBOARD_AUTH_DEFAULT_PERMISSION must be one of ${PERMISSION_NAMES.join(', ')}.`);
    process.exit(2);
  }
  // The default folder is taken relative to where the server starts.
  options.artifactsDestination = parseArtifactsUri(options.artifactsDestination);
  if (!options.serveArtifacts && !options.proxyTo && (options.defaultArtifactRoot ?? 'mlflow-artifacts:').startsWith('mlflow-artifacts:')) {
    console.error('--no-serve-artifacts needs --default-artifact-root: a folder, file:// or s3:// URI that clients write to themselves.');
    process.exit(2);
  }
  if (options.workers > 1 && !options.proxyTo && isInMemoryStore(options.backendStoreUri)) {
    console.error('--workers above 1 needs a database the processes can share: an in-memory SQLite store exists once per process.');
    process.exit(2);
  }
  if (cluster.isPrimary && !existsSync(options.staticDir)) {
    console.warn(`No built UI at ${options.staticDir}: run npm run build. Serving the API only.`);
  }

  if (cluster.isPrimary && options.workers > 1) {
    // The primary checks the stores, migrates and loads the demo once, then forks the servers.
    const { app } = await openServer(options);
    if (options.demo && !options.proxyTo) await loadDemo(app);
    await app.close();
    runWorkerPool({ workers: options.workers, host: options.host, proxyTo: options.proxyTo });
    return;
  }
  const { app } = await openServer(options);
  // One process: the demo's running runs keep logging while it serves (not in a worker pool).
  let stopDemoLogging: (() => Promise<void>) | undefined;
  if (options.demo && cluster.isPrimary && !options.proxyTo) {
    await loadDemo(app);
    stopDemoLogging = startDemoLiveLogging(app);
  }

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal} received: shutting down.`);
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    void (stopDemoLogging?.() ?? Promise.resolve()).then(() => app.close()).then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // A worker whose primary is gone (killed) stops too, rather than serving on unsupervised.
  if (cluster.isWorker) process.on('disconnect', () => shutdown('Primary gone'));

  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    console.error(`Cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`);
    process.exit(1);
  }
  // In a worker pool the primary announces the address once every worker listens.
  if (cluster.isWorker) return;
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  console.log(`Runboard is serving the UI and the MLflow API at http://${shownHostOf(options.host)}:${port}`);
  if (options.proxyTo) console.log(`API calls are forwarded to ${options.proxyTo} (metric history cache in ${options.proxyCache})`);
  if (options.appName && !options.proxyTo)
    console.log(`Sign-in required (--app-name ${options.appName}); users may ${options.authDefaultPermission} by default.`);
  if (options.appName && options.proxyTo)
    console.warn('--app-name applies to the bundled store only: the MLflow server behind --proxy-to checks its own users.');
}

/** Builds the server; a store it cannot serve (bucket missing, credentials refused, database down...) exits. */
async function openServer(options: CliOptions): ReturnType<typeof createServer> {
  try {
    return await createServer({
      backendStoreUri: options.backendStoreUri,
      artifactsDestination: options.artifactsDestination,
      defaultArtifactRoot: options.defaultArtifactRoot,
      serveArtifacts: options.serveArtifacts,
      staticDir: options.staticDir,
      proxyTo: options.proxyTo,
      proxyCacheDir: options.proxyCache,
      runboardExtensions: options.runboardExtensions,
      allowLocalWebhooks: options.allowLocalWebhooks,
      auth:
        options.appName === 'basic-auth'
          ? {
              defaultPermission: options.authDefaultPermission,
              adminUsername: process.env.RUNBOARD_ADMIN_USERNAME || 'admin',
              adminPassword: process.env.RUNBOARD_ADMIN_PASSWORD || undefined,
            }
          : undefined,
      allowedHosts: options.allowedHosts,
      corsAllowedOrigins: options.corsAllowedOrigins,
      boundHost: options.host,
      logger: false,
    });
  } catch (error) {
    if (error instanceof ArtifactDestinationError) {
      console.error(`Cannot use the artifact store: ${error.message}`);
      process.exit(2);
    }
    console.error(`Cannot open the backend store ${redactUri(options.backendStoreUri)}: ${(error as Error).message}`);
    process.exit(1);
  }
}

async function loadDemo(app: Awaited<ReturnType<typeof createServer>>['app']): Promise<void> {
  const loaded = await loadDemoData(app);
  console.log(loaded ? 'Loaded the demo data.' : 'The store already holds experiments: demo data not loaded.');
}
