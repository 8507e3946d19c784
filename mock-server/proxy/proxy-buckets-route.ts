// --proxy-to: Runboard's get-history-buckets route in front of an MLflow server. An upstream that
// has the route (another Runboard) answers it; a plain MLflow (404) gets it answered here, from
// its standard API and the local history cache (proxy-buckets.ts).
import envPaths from 'env-paths';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { join } from 'node:path';
import { BUCKETS_REFINING_HEADER } from '../../src/lib/mlflow/history-buckets-wire.js';
import { parseQueryString } from '../http/body.js';
import { forwardToMlflow, relayUpstreamResponse } from '../http/proxy.js';
import { missingValue, RequestInput } from '../http/request-input.js';
import { bucketsToWire } from '../services/metric-buckets.js';
import { ProxyHistoryCache } from '../store/proxy-history-cache.js';
import { ProxyBuckets } from './proxy-buckets.js';
import { UpstreamClient, UpstreamError } from './upstream-client.js';

const BUCKETS_PATHS = new Set(['/ajax-api/2.0/runboard/metrics/get-history-buckets', '/api/2.0/runboard/metrics/get-history-buckets']);
/**
 * Upstream requests in flight at once, over all browsers (MLflow's server has a few workers): full
 * histories, and apart from them the small calls of a first answer (runs/get, the step sample).
 */
export const UPSTREAM_CONCURRENCY = { history: 6, quick: 6 };

/** `--proxy-cache` default: the OS cache folder (~/.cache/runboard/proxy on Linux). */
export function defaultProxyCacheDir(): string {
  return join(envPaths('runboard', { suffix: '' }).cache, 'proxy');
}

export interface ProxyBucketsRoute {
  matches: (path: string) => boolean;
  handle: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;
  close: () => Promise<void>;
}

export async function openProxyBucketsRoute(options: { upstream: string; cacheDir: string }): Promise<ProxyBucketsRoute> {
  const cache = await ProxyHistoryCache.open(options.cacheDir);
  const client = new UpstreamClient(options.upstream, UPSTREAM_CONCURRENCY);
  const buckets = new ProxyBuckets(client, cache);
  // Learnt from the first answer: does the upstream serve the route itself?
  let upstreamHasRoute: boolean | undefined;

  const answerHere = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const input = RequestInput.fromQuery(parseQueryString(request.url));
    const runIds = input.stringList('run_ids');
    if (runIds.length === 0) throw missingValue('run_ids');
    const answer = await buckets.answer(
      {
        runIds,
        metricKey: input.requiredString('metric_key'),
        buckets: input.int('buckets'),
        startStep: input.int('start_step'),
        endStep: input.int('end_step'),
        allowRefining: input.string('allow_refining') === 'true',
      },
      UpstreamClient.credentialsOf(request.headers),
    );
    const wire = bucketsToWire(answer.series, request.headers.accept);
    reply.code(200).header('content-type', wire.contentType).header('vary', 'Accept');
    if (answer.refining) reply.header(BUCKETS_REFINING_HEADER, '1');
    return reply.send(
      typeof wire.body === 'string' ? wire.body : Buffer.from(wire.body.buffer, wire.body.byteOffset, wire.body.byteLength),
    );
  };

  return {
    matches: (path) => BUCKETS_PATHS.has(path),
    async handle(request, reply) {
      if (upstreamHasRoute === true) return forwardToMlflow(options.upstream, request, reply);
      if (upstreamHasRoute === undefined) {
        let probe: Response;
        try {
          probe = await fetch(new URL(request.url, options.upstream), { headers: UpstreamClient.credentialsOf(request.headers) });
        } catch (error) {
          throw new UpstreamError(
            502,
            'TEMPORARILY_UNAVAILABLE',
            `The MLflow server at ${options.upstream} did not answer: ${(error as Error).message}`,
          );
        }
        if (probe.status !== 404) {
          // Only a success tells: a refused sign-in (401) says nothing about the route.
          if (probe.ok) upstreamHasRoute = true;
          return relayUpstreamResponse(probe, reply);
        }
        await probe.body?.cancel();
        upstreamHasRoute = false;
      }
      return answerHere(request, reply);
    },
    close: () => cache.close(),
  };
}
