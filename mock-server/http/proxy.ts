// --proxy-to: forward an API request to a real MLflow server and stream its answer back, so the
// SPA can browse an existing MLflow deployment.
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length', 'upgrade']);
// This server checked the browser's Origin already; upstream, the request is the proxy's own.
const CHECKED_HERE = new Set(['origin']);

export async function forwardToMlflow(target: string, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const url = new URL(request.url, target);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || CHECKED_HERE.has(name)) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body instanceof Readable;
  let upstream: Response;
  try {
    upstream = await fetch(url, {
      method: request.method,
      headers,
      body: hasBody ? (Readable.toWeb(request.body as Readable) as ReadableStream) : undefined,
      duplex: 'half',
    } as RequestInit);
  } catch (error) {
    return reply.code(502).send({
      error_code: 'TEMPORARILY_UNAVAILABLE',
      message: `The MLflow server at ${target} did not answer: ${(error as Error).message}`,
    });
  }
  return relayUpstreamResponse(upstream, reply);
}

/** Sends an upstream answer on to the browser: status, end-to-end headers and the streamed body. */
export function relayUpstreamResponse(upstream: Response, reply: FastifyReply): FastifyReply {
  reply.code(upstream.status);
  upstream.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') reply.header(name, value);
  });
  if (!upstream.body) return reply.send();
  return reply.send(Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream));
}
