// Demo traces: a support assistant's LLM traces in their own experiment, logged the three ways
// clients do (MLflow 3.x StartTraceV3 + traces.json, MLflow 2.x start/end + traces.json, and OTLP
// span export): retrieval chains and tool-calling agents with nested spans, token usage, errors with
// exception events, one trace still in progress, and an evaluation run some traces belong to.
import type { FastifyInstance } from 'fastify';
import type { DemoApi } from './demo-api.js';
import { Random } from './random.js';
import { DEMO_EPOCH, DEMO_SPAN, MINUTE } from './run-files.js';

export const TRACES_EXPERIMENT = 'support-assistant';
export const DEMO_TRACE_COUNT = 24;
export const TRACES_RUN = 'assistant-eval-v2';

const QUESTIONS = [
  'How do I reset my password?',
  'Where is my order #48213?',
  'Can I change the shipping address after checkout?',
  'What is your refund policy for opened items?',
  'Do you ship to Norway?',
  'My invoice shows the wrong VAT number.',
  'How long does express delivery take?',
  'Can I pay with a gift card and a credit card together?',
];

const ANSWERS = [
  'Open Settings → Security and choose "Reset password"; a link arrives by e-mail within a minute.',
  'Order #48213 left our warehouse yesterday and should arrive on Thursday.',
  'Yes, until the order is packed: open the order and choose "Edit address".',
  'Opened items can be returned within 30 days for store credit.',
  'Yes, we ship to Norway; customs fees are included at checkout.',
  'I have asked billing to reissue the invoice with the corrected VAT number.',
  'Express delivery takes one to two working days.',
  'Yes: apply the gift card first, then pay the rest by card.',
];

interface DemoSpan {
  spanId: string;
  parentId: string;
  name: string;
  type: string;
  startMs: number;
  endMs: number;
  inputs: unknown;
  outputs: unknown;
  attributes: Record<string, unknown>;
  error?: { type: string; message: string };
}

interface DemoTrace {
  index: number;
  traceId: string;
  startMs: number;
  spans: DemoSpan[];
  error: boolean;
  question: string;
  answer: string | null;
  usage: { input_tokens: number; output_tokens: number; total_tokens: number };
}

function chatCall(
  random: Random,
  parentId: string,
  startMs: number,
  messages: unknown[],
  reply: string,
  error?: DemoSpan['error'],
): DemoSpan {
  const input = random.int(180, 900);
  const output = error ? 0 : random.int(20, 160);
  return {
    spanId: random.hex(16),
    parentId,
    name: 'ChatOpenAI',
    type: 'CHAT_MODEL',
    startMs,
    endMs: startMs + random.int(error ? 300 : 450, error ? 900 : 2600),
    inputs: { messages, model: 'gpt-4o-mini', temperature: 0.2 },
    outputs: error ? null : { choices: [{ index: 0, message: { role: 'assistant', content: reply }, finish_reason: 'stop' }] },
    attributes: {
      'mlflow.chat.tokenUsage': { input_tokens: input, output_tokens: output, total_tokens: input + output },
      model: 'gpt-4o-mini',
    },
    ...(error ? { error } : {}),
  };
}

/** One trace's span tree: a retrieval chain, or a tool-calling agent every fourth trace. */
function buildTrace(index: number, startMs: number): DemoTrace {
  const random = new Random(`llm-trace-${index}`);
  const question = QUESTIONS[index % QUESTIONS.length] as string;
  const answer = ANSWERS[index % ANSWERS.length] as string;
  const error = index % 7 === 3;
  const traceId = random.hex(32);
  const rootId = random.hex(16);
  const spans: DemoSpan[] = [];
  const system = { role: 'system', content: 'You are a concise customer-support assistant for an online shop.' };
  let cursor = startMs + random.int(2, 9);
  const rateLimit = {
    type: 'openai.RateLimitError',
    message: 'Rate limit reached for gpt-4o-mini in organization org-demo on tokens per min (TPM): Limit 200000, Used 199812.',
  };
  if (index % 4 === 1) {
    const decide = chatCall(random, rootId, cursor, [system, { role: 'user', content: question }], 'Calling lookup_order.');
    spans.push(decide);
    cursor = decide.endMs + random.int(3, 12);
    const tool: DemoSpan = {
      spanId: random.hex(16),
      parentId: rootId,
      name: 'lookup_order',
      type: 'TOOL',
      startMs: cursor,
      endMs: cursor + random.int(40, 260),
      inputs: { order_id: '48213' },
      outputs: { status: 'shipped', carrier: 'DHL', eta: 'Thursday' },
      attributes: {},
    };
    spans.push(tool);
    cursor = tool.endMs + random.int(3, 12);
    spans.push(
      chatCall(
        random,
        rootId,
        cursor,
        [system, { role: 'user', content: question }, { role: 'tool', content: JSON.stringify(tool.outputs) }],
        answer,
        error ? rateLimit : undefined,
      ),
    );
  } else {
    const retrieve: DemoSpan = {
      spanId: random.hex(16),
      parentId: rootId,
      name: 'retrieve_docs',
      type: 'RETRIEVER',
      startMs: cursor,
      endMs: cursor + random.int(60, 420),
      inputs: { query: question, k: 3 },
      outputs: [0, 1, 2].map((rank) => ({
        page_content: `${ANSWERS[(index + rank) % ANSWERS.length] ?? ''} (help-center article ${100 + ((index + rank) % ANSWERS.length)})`,
        metadata: {
          doc_uri: `https://help.example.com/articles/${100 + ((index + rank) % ANSWERS.length)}`,
          score: Number((0.92 - rank * 0.07).toFixed(2)),
        },
      })),
      attributes: {},
    };
    spans.push(retrieve);
    cursor = retrieve.endMs + random.int(1, 5);
    const prompt: DemoSpan = {
      spanId: random.hex(16),
      parentId: rootId,
      name: 'build_prompt',
      type: 'PARSER',
      startMs: cursor,
      endMs: cursor + random.int(1, 6),
      inputs: { question, documents: 3 },
      outputs: `Answer using the help-center articles.\nQuestion: ${question}`,
      attributes: {},
    };
    spans.push(prompt);
    cursor = prompt.endMs + random.int(1, 5);
    spans.push(
      chatCall(random, rootId, cursor, [system, { role: 'user', content: prompt.outputs }], answer, error ? rateLimit : undefined),
    );
  }
  const last = spans[spans.length - 1] as DemoSpan;
  const usage = { input_tokens: 0, output_tokens: 0, total_tokens: 0 };
  for (const span of spans) {
    const spanUsage = span.attributes['mlflow.chat.tokenUsage'] as typeof usage | undefined;
    if (spanUsage) for (const key of Object.keys(usage) as (keyof typeof usage)[]) usage[key] += spanUsage[key];
  }
  spans.unshift({
    spanId: rootId,
    parentId: '',
    name: index % 4 === 1 ? 'support_agent' : 'qa_chain',
    type: index % 4 === 1 ? 'AGENT' : 'CHAIN',
    startMs,
    endMs: last.endMs + random.int(1, 8),
    inputs: { question },
    outputs: error ? null : { answer },
    attributes: {},
    ...(error ? { error: rateLimit } : {}),
  });
  return { index, traceId, startMs, spans, error, question, answer: error ? null : answer, usage };
}

const nanos = (ms: number): number => ms * 1_000_000;

function spanAttributes(trace: DemoTrace, span: DemoSpan, requestId: string): Record<string, string> {
  return {
    'mlflow.traceRequestId': JSON.stringify(requestId),
    'mlflow.spanType': JSON.stringify(span.type),
    'mlflow.spanInputs': JSON.stringify(span.inputs),
    ...(span.outputs === null ? {} : { 'mlflow.spanOutputs': JSON.stringify(span.outputs) }),
    ...Object.fromEntries(Object.entries(span.attributes).map(([key, value]) => [key, JSON.stringify(value)])),
  };
}

function exceptionEvents(span: DemoSpan): { name: string; time_unix_nano: number; attributes: Record<string, string> }[] {
  if (!span.error) return [];
  return [
    {
      name: 'exception',
      time_unix_nano: nanos(span.endMs),
      attributes: {
        'exception.type': JSON.stringify(span.error.type),
        'exception.message': JSON.stringify(span.error.message),
        'exception.stacktrace': JSON.stringify(
          `Traceback (most recent call last):\n  File "assistant/chain.py", line 88, in answer\n    reply = llm.invoke(messages)\n${span.error.type}: ${span.error.message}`,
        ),
      },
    },
  ];
}

/** MLflow 3.x Span.to_dict (base64 ids, ns times, OTLP status names). */
function spanV3(trace: DemoTrace, span: DemoSpan, requestId: string): Record<string, unknown> {
  return {
    trace_id: Buffer.from(trace.traceId, 'hex').toString('base64'),
    span_id: Buffer.from(span.spanId, 'hex').toString('base64'),
    trace_state: '',
    parent_span_id: span.parentId === '' ? '' : Buffer.from(span.parentId, 'hex').toString('base64'),
    name: span.name,
    start_time_unix_nano: nanos(span.startMs),
    end_time_unix_nano: nanos(span.endMs),
    attributes: spanAttributes(trace, span, requestId),
    events: exceptionEvents(span),
    status: span.error
      ? { code: 'STATUS_CODE_ERROR', message: `${span.error.type}: ${span.error.message}` }
      : { code: 'STATUS_CODE_OK', message: '' },
    kind: 'SPAN_KIND_INTERNAL',
  };
}

/** MLflow 2.x Span.to_dict (0x-hex ids, `context`, `parent_id`, `status_code`). */
function spanV2(trace: DemoTrace, span: DemoSpan, requestId: string): Record<string, unknown> {
  return {
    name: span.name,
    context: { span_id: `0x${span.spanId}`, trace_id: `0x${trace.traceId}` },
    parent_id: span.parentId === '' ? null : `0x${span.parentId}`,
    start_time: nanos(span.startMs),
    end_time: nanos(span.endMs),
    status_code: span.error ? 'ERROR' : 'OK',
    status_message: span.error ? `${span.error.type}: ${span.error.message}` : '',
    attributes: spanAttributes(trace, span, requestId),
    events: exceptionEvents(span).map((event) => ({ name: event.name, timestamp: event.time_unix_nano, attributes: event.attributes })),
  };
}

function otlpSpan(trace: DemoTrace, span: DemoSpan, requestId: string): Record<string, unknown> {
  const attributes = Object.entries(spanAttributes(trace, span, requestId)).map(([key, value]) => ({ key, value: { stringValue: value } }));
  return {
    traceId: trace.traceId,
    spanId: span.spanId,
    ...(span.parentId === '' ? {} : { parentSpanId: span.parentId }),
    name: span.name,
    kind: 1,
    startTimeUnixNano: String(nanos(span.startMs)),
    endTimeUnixNano: String(nanos(span.endMs)),
    attributes,
    events: exceptionEvents(span).map((event) => ({
      name: event.name,
      timeUnixNano: String(event.time_unix_nano),
      attributes: Object.entries(event.attributes).map(([key, value]) => ({ key, value: { stringValue: value } })),
    })),
    status: span.error ? { code: 2, message: `${span.error.type}: ${span.error.message}` } : { code: 1 },
  };
}

async function inject(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  url: string,
  payload: string | undefined,
  headers: Record<string, string>,
): Promise<string> {
  const response = await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
  if (response.statusCode !== 200)
    throw new Error(`Demo traces: ${method} ${url} answered ${response.statusCode}: ${response.body.slice(0, 500)}`);
  return response.body;
}

function artifactUrl(location: string): string {
  return `/api/2.0/mlflow-artifacts/artifacts/${location.replace(/^mlflow-artifacts:\/*/, '')}/traces.json`;
}

const tags = (entries: Record<string, string>) => Object.entries(entries).map(([key, value]) => ({ key, value }));

/** MLflow 2.x: StartTrace, EndTrace, then traces.json through the artifact proxy. */
async function logV2(app: FastifyInstance, experimentId: string, trace: DemoTrace, runId: string | undefined): Promise<void> {
  const root = trace.spans[0] as DemoSpan;
  const headers = { 'content-type': 'application/json' };
  const started = JSON.parse(
    await inject(
      app,
      'POST',
      '/api/2.0/mlflow/traces',
      JSON.stringify({
        experiment_id: experimentId,
        timestamp_ms: trace.startMs,
        request_metadata: tags({ 'mlflow.trace_schema.version': '2', ...(runId ? { 'mlflow.sourceRun': runId } : {}) }),
        tags: tags({ 'mlflow.user': 'priya', 'mlflow.source.name': 'assistant/chain.py', 'mlflow.source.type': 'LOCAL' }),
      }),
      headers,
    ),
  ) as { trace_info: { request_id: string; tags: { key: string; value: string }[] } };
  const requestId = started.trace_info.request_id;
  await inject(
    app,
    'PATCH',
    `/api/2.0/mlflow/traces/${requestId}`,
    JSON.stringify({
      request_id: requestId,
      timestamp_ms: root.endMs,
      status: trace.error ? 'ERROR' : 'OK',
      request_metadata: tags({
        'mlflow.traceInputs': JSON.stringify(root.inputs),
        'mlflow.traceOutputs': JSON.stringify(root.outputs),
        'mlflow.trace.tokenUsage': JSON.stringify(trace.usage),
      }),
      tags: tags({ 'mlflow.traceName': root.name }),
    }),
    headers,
  );
  const location = started.trace_info.tags.find((tag) => tag.key === 'mlflow.artifactLocation')?.value ?? '';
  const data = {
    spans: trace.spans.map((span) => spanV2(trace, span, requestId)),
    request: JSON.stringify(root.inputs),
    response: JSON.stringify(root.outputs),
  };
  await inject(app, 'PUT', artifactUrl(location), JSON.stringify(data), { 'content-type': 'application/json' });
}

/** MLflow 3.x: StartTraceV3 with the finished trace's info, then traces.json. */
async function logV3(app: FastifyInstance, experimentId: string, trace: DemoTrace, runId: string | undefined): Promise<void> {
  const root = trace.spans[0] as DemoSpan;
  const requestId = `tr-${trace.traceId}`;
  const body = {
    trace: {
      trace_info: {
        trace_id: requestId,
        client_request_id: `req-${1000 + trace.index}`,
        trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: experimentId } },
        request_preview: JSON.stringify(root.inputs),
        ...(root.outputs === null ? {} : { response_preview: JSON.stringify(root.outputs) }),
        request_time: new Date(trace.startMs).toISOString(),
        execution_duration: `${((root.endMs - root.startMs) / 1000).toFixed(3)}s`,
        state: trace.error ? 'ERROR' : 'OK',
        trace_metadata: {
          'mlflow.trace_schema.version': '3',
          'mlflow.trace.tokenUsage': JSON.stringify(trace.usage),
          'mlflow.trace.user': trace.index % 3 === 0 ? 'customer-311' : 'customer-870',
          ...(runId ? { 'mlflow.sourceRun': runId } : {}),
        },
        tags: {
          'mlflow.traceName': root.name,
          'mlflow.user': 'priya',
          'mlflow.source.name': 'assistant/app.py',
          'mlflow.source.type': 'LOCAL',
          ...(trace.error ? {} : { reviewed: trace.index % 2 === 0 ? 'yes' : 'no' }),
        },
      },
    },
  };
  const started = JSON.parse(
    await inject(app, 'POST', '/api/3.0/mlflow/traces', JSON.stringify(body), { 'content-type': 'application/json' }),
  ) as {
    trace: { trace_info: { tags: Record<string, string> } };
  };
  const data = { spans: trace.spans.map((span) => spanV3(trace, span, requestId)) };
  await inject(app, 'PUT', artifactUrl(started.trace.trace_info.tags['mlflow.artifactLocation'] ?? ''), JSON.stringify(data), {
    'content-type': 'application/json',
  });
}

/** OTLP/JSON span export; `withoutRoot` leaves the trace in progress (its root span not ended yet). */
async function logOtlp(app: FastifyInstance, experimentId: string, trace: DemoTrace, withoutRoot: boolean): Promise<void> {
  const requestId = `tr-${trace.traceId}`;
  const spans = (withoutRoot ? trace.spans.slice(1) : trace.spans).map((span) => otlpSpan(trace, span, requestId));
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'support-assistant' } }] },
        scopeSpans: [{ scope: { name: 'mlflow.tracing' }, spans }],
      },
    ],
  };
  await inject(app, 'POST', '/v1/traces', JSON.stringify(body), {
    'content-type': 'application/json',
    'x-mlflow-experiment-id': experimentId,
  });
}

export async function loadLlmTraces(app: FastifyInstance, api: DemoApi): Promise<void> {
  const experimentId = await api.createExperiment(TRACES_EXPERIMENT, [
    { key: 'mlflow.note.content', value: 'Traces of the customer-support assistant (retrieval chain and tool-calling agent).' },
  ]);
  const now = DEMO_EPOCH + DEMO_SPAN;
  const evalStart = now - 15 * 60 * MINUTE;
  const run = await api.createRun(experimentId, TRACES_RUN, evalStart, [
    { key: 'mlflow.user', value: 'priya' },
    { key: 'mlflow.source.name', value: 'assistant/evaluate.py' },
  ]);
  await api.logParamsAndTags(
    run.run_id,
    [
      { key: 'model', value: 'gpt-4o-mini' },
      { key: 'retriever_k', value: '3' },
    ],
    [],
  );
  // Clients upload traces.json through the artifact proxy only when the experiment's root is proxied;
  // on a direct root (--default-artifact-root file:// or s3://) the demo sends spans by OTLP, which the server stores.
  const experiment = JSON.parse(
    await inject(app, 'GET', `/api/2.0/mlflow/experiments/get?experiment_id=${experimentId}`, undefined, {}),
  ) as {
    experiment: { artifact_location: string };
  };
  const proxied = experiment.experiment.artifact_location.startsWith('mlflow-artifacts:');
  for (let index = 0; index < DEMO_TRACE_COUNT; index += 1) {
    // Spread over the last 14 hours, oldest first; the first eight belong to the evaluation run.
    const trace = buildTrace(index, evalStart + (index + 1) * 35 * MINUTE + index * 7_919);
    const runId = index < 8 ? run.run_id : undefined;
    if (!proxied) await logOtlp(app, experimentId, trace, index === DEMO_TRACE_COUNT - 1);
    else if (index === 0 || index === 5) await logV2(app, experimentId, trace, runId);
    else if (index === 2 || index === DEMO_TRACE_COUNT - 1) await logOtlp(app, experimentId, trace, index === DEMO_TRACE_COUNT - 1);
    else await logV3(app, experimentId, trace, runId);
  }
  await api.finishRun(run.run_id, 'FINISHED', evalStart + 9 * 35 * MINUTE);
}
