#!/usr/bin/env node
// Entry point of `npm start` / `npm run serve`: builds the SPA when dist/ is missing or older than
// the sources, then runs the TypeScript server (main.ts) through tsx.
import { spawnSync } from 'node:child_process';
import cluster from 'node:cluster';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

function newestMtime(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(info.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

function needsBuild() {
  const built = join(root, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = ['src', 'index.html', 'public'].map((name) => join(root, name)).filter(existsSync);
  return Math.max(...sources.map(newestMtime)) > statSync(built).mtimeMs;
}

// Workers of --workers run this file again; the primary has already built the UI.
const skipBuild = cluster.isWorker || args.includes('--no-build') || args.includes('--help') || args.includes('-h');
if (!skipBuild && needsBuild()) {
  console.log('Building the Runboard UI (vite build)...');
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

register();
const { main } = await import('./main.ts');
await main(args.filter((arg) => arg !== '--no-build'));
