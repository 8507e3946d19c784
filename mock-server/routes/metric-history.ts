// Metric history endpoints: parse and validate the query, call the service, reply.
import { missingValue, type RequestInput } from '../http/request-input.js';
import type { FastifyReply } from 'fastify';
import type { Endpoint, EndpointContext } from '../http/router.js';
import { bucketsToWire } from '../services/metric-buckets.js';
import * as history from '../services/metric-history.js';
import type { ServerContext } from '../services/server-context.js';
import { clampedMaxResults } from '../services/validation.js';

function requiredList(input: RequestInput, name: string): string[] {
  const values = input.stringList(name);
  if (values.length === 0) throw missingValue(name);
  return values;
}

function sendJsonText(reply: FastifyReply, body: history.JsonText): FastifyReply {
  return reply.code(200).header('content-type', 'application/json').send(body.text);
}

export function metricHistoryEndpoints({ db }: ServerContext): Endpoint[] {
  const bucketsHandler = async ({ input, request, reply }: EndpointContext) => {
    const runIds = requiredList(input, 'run_ids');
    const series = await history.getMetricHistoryBuckets(db, {
      runIds,
      metricKey: input.requiredString('metric_key'),
      buckets: input.int('buckets'),
      startStep: input.int('start_step'),
      endStep: input.int('end_step'),
    });
    const wire = bucketsToWire(series, request.headers.accept);
    return reply
      .code(200)
      .header('content-type', wire.contentType)
      .header('vary', 'Accept')
      .send(typeof wire.body === 'string' ? wire.body : Buffer.from(wire.body.buffer, wire.body.byteOffset, wire.body.byteLength));
  };
  return [
    {
      method: 'GET',
      path: '/mlflow/metrics/get-history',
      handler: async ({ input, reply }) => {
        const runId = input.string('run_id') || input.string('run_uuid');
        if (!runId) throw missingValue('run_id');
        const body = await history.getMetricHistory(db, {
          runId,
          metricKey: input.requiredString('metric_key'),
          maxResults: clampedMaxResults(input.int('max_results')),
          pageToken: input.string('page_token'),
        });
        return sendJsonText(reply, body);
      },
    },
    {
      method: 'GET',
      path: '/mlflow/metrics/get-history-bulk-interval',
      handler: async ({ input, reply }) => {
        const runIds = requiredList(input, 'run_ids');
        history.validateBulkIntervalInput({ runIds, metricKey: '' });
        const body = await history.getMetricHistoryBulkInterval(db, {
          runIds,
          metricKey: input.requiredString('metric_key'),
          startStep: input.int('start_step'),
          endStep: input.int('end_step'),
          maxResults: input.int('max_results'),
        });
        return sendJsonText(reply, body);
      },
    },
    {
      method: 'GET',
      path: '/mlflow/metrics/get-history-bulk',
      ajaxOnly: true,
      handler: ({ input }) =>
        history.getMetricHistoryBulk(db, {
          runIds: input.stringList('run_id'),
          metricKey: input.string('metric_key'),
          maxResults: input.int('max_results'),
        }),
    },
    { method: 'GET', path: '/ajax-api/2.0/runboard/metrics/get-history-buckets', absolute: true, handler: bucketsHandler },
    { method: 'GET', path: '/api/2.0/runboard/metrics/get-history-buckets', absolute: true, handler: bucketsHandler },
  ];
}
