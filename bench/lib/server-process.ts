// Starts the real Runboard server (`node mock-server/start.mjs --no-build`) as a child process on a
// free port, waits until it answers, and reports its memory from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerClockReading } from './stats.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ServerProcess {
  baseUrl: string;
  pid: number;
  /**
   * CPU time (user + system) the server process used so far, and how long its main thread has
   * been runnable but waiting for a CPU, in ms (Linux /proc; CPU time in 10 ms ticks).
   */
  clock(): ServerClockReading | undefined;
  /** Resident memory now and at its peak, in MB (Linux /proc). */
  memory(): { rssMb: number; peakRssMb: number } | undefined;
  stop(): Promise<void>;
}

export interface StartOptions {
  dbPath: string;
  /** Any backend store URI (PostgreSQL); the SQLite file at dbPath when absent. */
  backendStoreUri?: string;
  artifactsDir: string;
  env?: Record<string, string>;
  /** Extra node flags, e.g. `--cpu-prof` to profile the server. */
  nodeArgs?: string[];
  /** Extra server flags, e.g. `--workers 2`. */
  extraArgs?: string[];
  /** How long to wait for the "serving" line. */
  timeoutMs?: number;
}

function readStatusKb(pid: number, field: string): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match?.[1] ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on every mainstream Linux. */
const CLOCK_TICKS_PER_SECOND = 100;

function readCpuMillis(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/** Main thread's run-queue wait (second field of /proc/<pid>/schedstat, ns), in ms. */
function readRunQueueWaitMillis(pid: number): number | undefined {
  try {
    const wait = Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]);
    return Number.isFinite(wait) ? wait / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      join(repoRoot, 'mock-server', 'start.mjs'),
      '--no-build',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--backend-store-uri',
      options.backendStoreUri ?? `sqlite:///${options.dbPath}`,
      '--artifacts-destination',
      options.artifactsDir,
      '--static-dir',
      join(options.artifactsDir, 'no-ui'),
      ...(options.extraArgs ?? []),
    ],
    { cwd: repoRoot, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start within ${options.timeoutMs ?? 30_000} ms:\n${output}`)),
      options.timeoutMs ?? 30_000,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /serving .* at http:\/\/[^:\s]+:(\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  const pid = child.pid ?? -1;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid,
    clock() {
      const cpu = readCpuMillis(pid);
      return cpu === undefined ? undefined : { cpu, runQueueWait: readRunQueueWaitMillis(pid) };
    },
    memory() {
      const rss = readStatusKb(pid, 'VmRSS');
      const peak = readStatusKb(pid, 'VmHWM');
      return rss === undefined || peak === undefined ? undefined : { rssMb: rss / 1024, peakRssMb: peak / 1024 };
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited(child);
      clearTimeout(timer);
    },
  };
}
