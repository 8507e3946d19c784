// `--workers N`: the primary process forks N server processes (node:cluster) that accept
// connections on one shared port and share the database, restarts a worker that dies, and on
// Ctrl-C / SIGTERM stops them all before it exits. Each worker runs main.ts's ordinary server.
import cluster, { type Worker } from 'node:cluster';

export interface WorkerPoolOptions {
  workers: number;
  host: string;
  proxyTo?: string;
}

/** A worker that dies sooner than this after starting counts as a crash at start-up. */
const QUICK_DEATH_MS = 5000;
/** Crash loops (a bucket gone, a port taken) stop the pool instead of forking forever. */
const MAX_QUICK_DEATHS = 5;
const RESTART_DELAY_MS = 1000;
const SHUTDOWN_GRACE_MS = 10_000;

/** The host as users type it in a browser. */
export function shownHostOf(host: string): string {
  return host === '0.0.0.0' || host === '127.0.0.1' ? 'localhost' : host;
}

export function runWorkerPool(options: WorkerPoolOptions): void {
  const startedAt = new Map<Worker, number>();
  let quickDeaths = 0;
  let closing = false;
  let exitCode = 0;
  let announced = false;
  const listening = new Set<Worker>();

  const fork = (): void => {
    const worker = cluster.fork();
    startedAt.set(worker, Date.now());
  };

  cluster.on('listening', (worker, address) => {
    listening.add(worker);
    if (announced || listening.size < options.workers) return;
    announced = true;
    console.log(
      `Runboard is serving the UI and the MLflow API at http://${shownHostOf(options.host)}:${address.port} (${options.workers} worker processes)`,
    );
    if (options.proxyTo) console.log(`API calls are forwarded to ${options.proxyTo}`);
  });

  cluster.on('exit', (worker, code, signal) => {
    listening.delete(worker);
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (closing) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
      return;
    }
    const how = signal ? `was killed by ${signal}` : `exited with code ${String(code)}`;
    if (lived < QUICK_DEATH_MS) quickDeaths += 1;
    else quickDeaths = 0;
    if (quickDeaths >= MAX_QUICK_DEATHS) {
      console.error(`Worker ${String(worker.process.pid)} ${how}; ${MAX_QUICK_DEATHS} workers died right after starting: stopping.`);
      stopAll(1);
      return;
    }
    console.error(`Worker ${String(worker.process.pid)} ${how}: starting a new one.`);
    setTimeout(fork, lived < QUICK_DEATH_MS ? RESTART_DELAY_MS : 0);
  });

  const stopAll = (code: number): void => {
    closing = true;
    exitCode = code;
    const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
    if (workers.length === 0) process.exit(code);
    // Workers finish their requests and close the database (main.ts's SIGTERM handler).
    for (const worker of workers) worker.process.kill('SIGTERM');
    const force = setTimeout(() => {
      for (const worker of workers) worker.process.kill('SIGKILL');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
  };

  const shutdown = (signal: string): void => {
    if (closing) return;
    console.log(`\n${signal} received: shutting down ${options.workers} workers.`);
    stopAll(0);
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  for (let index = 0; index < options.workers; index += 1) fork();
}
