// OTLP span export from the OpenTelemetry JS SDK's own protobuf exporter (an encoder this server
// did not write) to a listening server: spans of one trace in separate requests become one trace
// with its span tree, status, exception event and token usage, on SQLite and PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../../app.js';
import type { TraceInfoV3 } from '../../services/traces.js';
import { freshStoreUri } from '../support/test-store.js';

let app: FastifyInstance;
let dir: string;
let baseUrl: string;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'runboard-otel-sdk-'));
  app = (await createServer({ backendStoreUri: await freshStoreUri(), artifactsDestination: dir })).app;
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterEach(async () => {
  // The exporter's and fetch's keep-alive sockets would hold close() open until they time out.
  app.server.closeAllConnections();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(`${baseUrl}${url}`);
  expect(response.status, url).toBe(200);
  return (await response.json()) as T;
}

describe('OpenTelemetry SDK exporting to /v1/traces', () => {
  it('stores the exported spans as one MLflow trace', async () => {
    const created = await fetch(`${baseUrl}/api/2.0/mlflow/experiments/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'otel-sdk' }),
    });
    const { experiment_id: experimentId } = (await created.json()) as { experiment_id: string };
    const exporter = new OTLPTraceExporter({ url: `${baseUrl}/v1/traces`, headers: { 'x-mlflow-experiment-id': experimentId } });
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const tracer = provider.getTracer('runboard-test');

    const root = tracer.startSpan('answer_question', {
      attributes: { 'mlflow.spanInputs': JSON.stringify({ question: 'why?' }), 'mlflow.spanType': '"CHAIN"' },
    });
    const child = tracer.startSpan(
      'chat_model',
      {
        attributes: {
          'mlflow.chat.tokenUsage': JSON.stringify({ input_tokens: 11, output_tokens: 5, total_tokens: 16 }),
          retries: 2,
          cached: false,
        },
      },
      trace.setSpan(ROOT_CONTEXT, root),
    );
    child.recordException(new Error('upstream timeout'));
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream timeout' });
    child.end();
    root.setAttribute('mlflow.spanOutputs', JSON.stringify('because'));
    root.setStatus({ code: SpanStatusCode.OK });
    root.end();
    await provider.forceFlush();
    await provider.shutdown();

    const traceId = `tr-${root.spanContext().traceId}`;
    const { trace: stored } = await getJson<{ trace: { trace_info: TraceInfoV3 } }>(`/api/3.0/mlflow/traces/${traceId}`);
    expect(stored.trace_info).toMatchObject({
      trace_id: traceId,
      state: 'OK',
      request_preview: '{"question":"why?"}',
      response_preview: '"because"',
      tags: { 'mlflow.traceName': 'answer_question' },
      trace_metadata: { 'mlflow.trace.tokenUsage': '{"input_tokens":11,"output_tokens":5,"total_tokens":16}' },
    });
    const data = await getJson<{ spans: Record<string, unknown>[] }>(`/ajax-api/2.0/mlflow/get-trace-artifact?request_id=${traceId}`);
    expect(data.spans.map((span) => span.name)).toEqual(['answer_question', 'chat_model']);
    expect(data.spans[1]).toMatchObject({
      parent_span_id: Buffer.from(root.spanContext().spanId, 'hex').toString('base64'),
      status: { code: 'STATUS_CODE_ERROR', message: 'upstream timeout' },
      attributes: { retries: '2', cached: 'false' },
      events: [{ name: 'exception', attributes: { 'exception.message': '"upstream timeout"' } }],
    });
  });
});
