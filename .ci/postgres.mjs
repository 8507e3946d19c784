#!/usr/bin/env node
// A throwaway PostgreSQL cluster for the tests: initdb in a temp folder, a free port, trust auth
// on 127.0.0.1 only, no fsync (the data dies with the cluster). Debian's binaries run as the
// `postgres` user when this runs as root (PostgreSQL refuses to run as root).
//
//   import { startPostgres } from './postgres.mjs'   → { url, stop() }
//   node .ci/postgres.mjs [--durable]               → starts one, prints its URL, stops on Ctrl-C
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Debian's newest installed server binaries (/usr/lib/postgresql/<major>/bin), or PATH's. */
export function postgresBinDir() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] === undefined ? undefined : join(root, majors[0], 'bin');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function postgresUser() {
  if (userInfo().uid !== 0) return undefined;
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  if (id.status !== 0)
    throw new Error('Running as root needs a `postgres` user to run the cluster (apt-get install postgresql creates it).');
  return { uid: Number(id.stdout.trim()), gid: Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()) };
}

/** `durable: true` keeps PostgreSQL's crash-safe defaults (fsync, synchronous commit), for benchmarks. */
export async function startPostgres({ durable = false } = {}) {
  const bin = postgresBinDir();
  if (!bin) throw new Error('No PostgreSQL server binaries in /usr/lib/postgresql: apt-get install postgresql (.ci/run does).');
  const owner = postgresUser();
  const folder = mkdtempSync(join(tmpdir(), 'runboard-pg-'));
  chmodSync(folder, 0o700);
  if (owner) chownSync(folder, owner.uid, owner.gid);
  const asOwner = (command, args) =>
    owner
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, command), args, { stdio: 'pipe' });
  const data = join(folder, 'data');
  asOwner('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    "-c listen_addresses='127.0.0.1'",
    `-c unix_socket_directories='${folder}'`,
    '-c max_connections=300',
    ...(durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ].join(' ');
  asOwner('pg_ctl', ['-D', data, '-l', join(folder, 'server.log'), '-o', settings, '-w', '-t', '60', 'start']);
  let stopped = false;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    /** Stops the server; `pg_ctl start` again with the same data restarts it (for outage tests). */
    pause: () => asOwner('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']),
    resume: () => asOwner('pg_ctl', ['-D', data, '-l', join(folder, 'server.log'), '-o', settings, '-w', '-t', '60', 'start']),
    stop: () => {
      if (stopped) return;
      stopped = true;
      try {
        asOwner('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const cluster = await startPostgres({ durable: process.argv.includes('--durable') });
  console.log(cluster.url);
  const stop = () => {
    cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => {}, 1 << 30);
}
