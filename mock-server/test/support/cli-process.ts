// Runs the `runboard` CLI as a user does (node start.mjs ...), for tests that need a real process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase } from './test-store.js';

const launcher = join(import.meta.dirname, '..', '..', 'start.mjs');

export interface CliResult {
  status: number | null;
  output: string;
}

/** Runs the CLI to its end (for flags and start-up checks that must make it exit). */
export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [launcher, '--no-build', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

export interface RunningServer {
  child: ChildProcess;
  url: string;
  /** Everything the process printed so far. */
  output: () => string;
  /** Sends `signal` and resolves with the exit code once the process is gone. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

const running = new Set<RunningServer>();

/** Stops every server this file started that is still running (for afterAll, after a timeout). */
export async function stopAllCli(): Promise<void> {
  await Promise.all([...running].map((server) => server.stop('SIGTERM')));
}

/** Starts the CLI and resolves once it announces its address. */
export function startCli(args: string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<RunningServer> {
  const child = spawn(process.execPath, [launcher, '--no-build', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => running.delete(server));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  const server: RunningServer = { child, url: '', output: () => output, stop };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      // SIGTERM, not SIGKILL: a primary stops its workers on SIGTERM.
      void stop('SIGTERM');
      reject(new Error(`server did not start:\n${output}`));
    }, options.timeoutMs ?? 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const port = /serving .* at http:\/\/[^:\s]+:(\d+)/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        server.url = `http://127.0.0.1:${port}`;
        running.add(server);
        resolve(server);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${String(code)}) before listening:\n${output}`));
    });
  });
}

/**
 * Starts the CLI on a SQLite file and an artifacts folder of a new temp folder (named `prefix`...),
 * with `args` after them; stopping the server removes the folder.
 */
export async function startCliInFolder(
  prefix: string,
  args: string[] = [],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RunningServer> {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  const store = ['--backend-store-uri', `sqlite:///${join(folder, 'store.db')}`, '--artifacts-destination', join(folder, 'artifacts')];
  let server: RunningServer;
  try {
    server = await startCli([...store, ...args], options);
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  const stop = server.stop;
  return {
    ...server,
    stop: async (signal) => {
      const code = await stop(signal);
      rmSync(folder, { recursive: true, force: true });
      return code;
    },
  };
}

/** A loopback port nothing listens on (for a destination the server must fail to reach). */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 1;
}

/**
 * Two server processes on one fresh PostgreSQL database of the test cluster, sharing an artifact
 * folder, as two replicas behind a load balancer. Stop them with stopAllCli(), then remove the
 * returned folder.
 */
export async function startTwoServersOnOnePostgres(
  prefix: string,
): Promise<{ servers: [RunningServer, RunningServer]; artifactsDir: string }> {
  const artifactsDir = mkdtempSync(join(tmpdir(), prefix));
  const args = ['--backend-store-uri', await createPostgresDatabase(), '--artifacts-destination', artifactsDir];
  // One after the other: the first migrates the empty database.
  const first = await startCli(args);
  return { servers: [first, await startCli(args)], artifactsDir };
}
