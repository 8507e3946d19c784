// The `runboard` CLI: serves the UI and the MLflow REST API like `mlflow server`.
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from './app.js';
import { loadDemoData } from './demo/load-demo-data.js';
import { startDemoLiveLogging } from './demo/live-logging.js';
import { sqlitePathFromUri } from './store/database.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

interface CliOptions {
  host: string;
  port: number;
  backendStoreUri: string;
  artifactsDestination: string;
  demo: boolean;
  proxyTo?: string;
  staticDir: string;
  runboardExtensions: boolean;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535.');
  return port;
}

function parseBackendUri(value: string): string {
  try {
    sqlitePathFromUri(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  return value;
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

function buildProgram(): Command {
  return new Command('runboard')
    .description('Runboard: a fast UI for MLflow, with a bundled MLflow-compatible tracking server.')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('-p, --port <port>', 'port to listen on', parsePort, 5000)
    .option('--backend-store-uri <uri>', 'sqlite:///relative.db, sqlite:////absolute/path.db or sqlite:///:memory:', parseBackendUri, 'sqlite:///mlruns.db')
    .option('--artifacts-destination <dir>', 'folder for run artifacts', './mlartifacts')
    .option('--demo', 'load the demo experiments, runs and models into an empty store', false)
    .option('--proxy-to <url>', 'serve the UI and forward every API call to this MLflow server', parseProxyTarget)
    .option('--static-dir <dir>', 'the built UI', join(repoRoot, 'dist'))
    .option('--no-runboard-extensions', "answer only MLflow's own routes, as a real MLflow server would (to test the UI's fallbacks)")
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
  if (!existsSync(options.staticDir)) console.warn(`No built UI at ${options.staticDir}: run npm run build. Serving the API only.`);

  const { app, context } = await createServer({
    backendStoreUri: options.backendStoreUri,
    artifactsDestination: resolve(options.artifactsDestination),
    staticDir: options.staticDir,
    proxyTo: options.proxyTo,
    runboardExtensions: options.runboardExtensions,
    logger: false,
  });
  let stopDemoLogging: (() => Promise<void>) | undefined;
  if (options.demo && context) {
    const loaded = await loadDemoData(app);
    console.log(loaded ? 'Loaded the demo data.' : 'The store already holds experiments: demo data not loaded.');
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

  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    console.error(`Cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`);
    process.exit(1);
  }
  const shownHost = options.host === '0.0.0.0' || options.host === '127.0.0.1' ? 'localhost' : options.host;
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  console.log(`Runboard is serving the UI and the MLflow API at http://${shownHost}:${port}`);
  if (options.proxyTo) console.log(`API calls are forwarded to ${options.proxyTo}`);
}
