// Serves the built SPA: real files by path, and index.html for every other route so that deep
// links (/experiments/1/runs/abc) survive a reload.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyReply } from 'fastify';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const PLACEHOLDER_PAGE =
  '<!doctype html><html><head><title>Runboard</title></head><body><p>The Runboard UI is not built yet: run <code>npm run build</code>.</p></body></html>';

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export async function serveStatic(staticDir: string | undefined, urlPath: string, reply: FastifyReply): Promise<FastifyReply> {
  const indexHeaders = { 'content-type': MIME_TYPES['.html'], 'content-disposition': 'inline; filename=index.html' };
  if (!staticDir) return reply.code(200).headers(indexHeaders).send(PLACEHOLDER_PAGE);
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    decoded = '/';
  }
  const candidate = normalize(join(staticDir, decoded));
  if (candidate.startsWith(normalize(staticDir) + sep) && (await isFile(candidate))) {
    const immutable = decoded.startsWith('/assets/');
    return reply
      .code(200)
      .header('content-type', MIME_TYPES[extname(candidate)] ?? 'application/octet-stream')
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(createReadStream(candidate));
  }
  const index = join(staticDir, 'index.html');
  if (!(await isFile(index))) return reply.code(200).headers(indexHeaders).send(PLACEHOLDER_PAGE);
  return reply.code(200).headers({ ...indexHeaders, 'cache-control': 'no-cache' }).send(createReadStream(index));
}
