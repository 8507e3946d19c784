// Which permission each endpoint needs, like MLflow's BEFORE_REQUEST_VALIDATORS and
// AFTER_REQUEST_HANDLERS (mlflow/server/auth/__init__.py): experiments by id or name; runs,
// metrics and run artifacts take their experiment's permission; model versions, aliases and
// version artifacts their registered model's; logged models their experiment's. read needs READ,
// changes EDIT, delete/restore and permission management MANAGE. Searches are narrowed or filtered
// to what the user may read, and creators get MANAGE on what they create.
import type { Endpoint } from '../http/router.js';
import type { RequestInput } from '../http/request-input.js';
import { permissionDenied, type AuthService, type Principal } from './auth-service.js';
import type { Action } from './permissions.js';

export interface GuardContext {
  auth: AuthService;
  principal: Principal;
  input: RequestInput;
  pathParams: Record<string, string>;
  /** The request's headers (OTLP export names its experiment in `x-mlflow-experiment-id`). */
  headers?: Record<string, string | string[] | undefined>;
}

export interface Guard {
  /** Before the handler, for non-admins: throws 403, or answers a narrowed input. */
  before?: (ctx: GuardContext) => Promise<RequestInput | void>;
  /** Before the handler, for non-admins, when nothing is left to show: the answer itself. */
  emptyAnswer?: unknown;
  /** After the handler succeeded: grants and filtering. `rerun` calls the handler again. */
  after?: (ctx: GuardContext, result: unknown, rerun: (input: RequestInput) => Promise<unknown>) => Promise<unknown>;
}

/** Every signed-in user may call it (MLflow has no validator for these). */
const signedIn: Guard = {};

/** Admins only (admins never reach `before`). */
const adminOnly: Guard = {
  before: () => Promise.reject(permissionDenied()),
};

/** Not an answer but a marker: the narrowed request asks for nothing, so answer `emptyAnswer`. */
export const NOTHING_READABLE = Symbol('nothing readable');

function experimentGuard(action: Action, idOf: (ctx: GuardContext) => Promise<string | undefined>): Guard {
  return {
    before: async (ctx) => {
      const experimentId = await idOf(ctx);
      // An unknown experiment or run is left to the handler, which answers MLflow's 404.
      if (experimentId !== undefined) await ctx.auth.requireExperiment(ctx.principal, experimentId, action);
    },
  };
}

/** runs/create without an experiment id creates the run in the Default experiment ('0'). */
const byExperimentIdOrDefault = (ctx: GuardContext) => Promise.resolve(ctx.input.string('experiment_id') || '0');

/**
 * The mlflow-artifacts proxy: the experiment named by the path's first segment; a path outside
 * any experiment takes the default permission, as in MLflow.
 */
function artifactProxyRule(action: Action): Guard {
  return {
    before: async (ctx) => {
      const experimentId = await byArtifactPath(ctx);
      if (experimentId === undefined) ctx.auth.requireDefault(action);
      else await ctx.auth.requireExperiment(ctx.principal, experimentId, action);
    },
  };
}

const byExperimentId = (ctx: GuardContext) => Promise.resolve(ctx.input.string('experiment_id') || undefined);
const byExperimentName = async (ctx: GuardContext) => {
  const name = ctx.input.string('experiment_name');
  return name ? ctx.auth.experimentIdByName(name) : undefined;
};
const byRunId = async (ctx: GuardContext) => {
  const runId = ctx.input.string('run_id') || ctx.input.string('run_uuid');
  return runId ? ctx.auth.experimentIdOfRun(runId) : undefined;
};
const byLoggedModel = (ctx: GuardContext) => {
  const modelId = ctx.pathParams.model_id;
  return modelId ? ctx.auth.experimentIdOfLoggedModel(decodeURIComponent(modelId)) : Promise.resolve(undefined);
};
/** `mlflow-artifacts` paths start with the experiment id (`<experiment_id>/<run_id>/artifacts/...`). */
const byArtifactPath = (ctx: GuardContext) => {
  const path = ctx.pathParams['*'] ?? ctx.input.string('path') ?? '';
  return Promise.resolve(/^(\d+)(\/|$)/.exec(decodeURIComponent(path))?.[1]);
};

const experimentRule = (action: Action) => experimentGuard(action, byExperimentId);
/** A trace by the path's request_id / trace_id or the `request_id` query (get-trace-artifact). */
const byTrace = (ctx: GuardContext) => {
  const id = ctx.pathParams.request_id ?? ctx.pathParams.trace_id ?? ctx.input.string('request_id');
  return id ? ctx.auth.experimentIdOfTrace(decodeURIComponent(id)) : Promise.resolve(undefined);
};
const traceRule = (action: Action) => experimentGuard(action, byTrace);
/** StartTrace names the experiment at the top (2.x) or in `trace.trace_info.trace_location` (3.x). */
const byTraceStart = (ctx: GuardContext) => {
  const trace = ctx.input.raw('trace') as
    { trace_info?: { trace_location?: { mlflow_experiment?: { experiment_id?: unknown } } } } | undefined;
  const nested = trace?.trace_info?.trace_location?.mlflow_experiment?.experiment_id;
  return Promise.resolve(ctx.input.string('experiment_id') || (typeof nested === 'string' ? nested : undefined) || undefined);
};
/** Trace searches (2.x `experiment_ids`, 3.x `locations`): every experiment asked for must be readable. */
const traceSearchRule: Guard = {
  before: async (ctx) => {
    const locations = ctx.input
      .objectList('locations')
      .map((location) => (location.mlflow_experiment as { experiment_id?: unknown } | undefined)?.experiment_id);
    const ids = [...ctx.input.stringList('experiment_ids'), ...locations.filter((id): id is string => typeof id === 'string')];
    for (const experimentId of ids) await ctx.auth.requireExperiment(ctx.principal, experimentId, 'read');
  },
};
/** Trace ids in the body (`trace_ids`): the experiment of every trace there is needs `action`. */
async function requireTraces(ctx: GuardContext, action: Action): Promise<void> {
  for (const traceId of ctx.input.stringList('trace_ids')) {
    const experimentId = await ctx.auth.experimentIdOfTrace(traceId);
    if (experimentId !== undefined) await ctx.auth.requireExperiment(ctx.principal, experimentId, action);
  }
}
const tracesRule = (action: Action): Guard => ({ before: (ctx) => requireTraces(ctx, action) });
/** LinkTracesToRun: writes to the run (its experiment) and reads the traces. */
const linkTracesRule: Guard = {
  before: async (ctx) => {
    const experimentId = await byRunId(ctx);
    if (experimentId !== undefined) await ctx.auth.requireExperiment(ctx.principal, experimentId, 'update');
    await requireTraces(ctx, 'read');
  },
};
/** OTLP export: the experiment in the `x-mlflow-experiment-id` header. */
const otlpRule = experimentGuard('update', (ctx) => {
  const header = ctx.headers?.['x-mlflow-experiment-id'];
  return Promise.resolve(typeof header === 'string' && header !== '' ? header : undefined);
});
const runRule = (action: Action) => experimentGuard(action, byRunId);

/** Several runs at once (charts): every one must be readable. */
function runsRule(field: string): Guard {
  return {
    before: async (ctx) => {
      const experimentIds = await ctx.auth.experimentIdsOfRuns(ctx.input.stringList(field));
      for (const experimentId of experimentIds) await ctx.auth.requireExperiment(ctx.principal, experimentId, 'read');
    },
  };
}

function registeredModelRule(action: Action): Guard {
  return {
    before: async (ctx) => {
      const name = ctx.input.string('name');
      if (name) await ctx.auth.requireRegisteredModel(ctx.principal, name, action);
    },
  };
}

/** Searches over experiment ids ask only for the readable ones. */
function readableExperimentIds(emptyAnswer: unknown): Guard {
  return {
    emptyAnswer,
    before: async (ctx) => {
      const requested = ctx.input.stringList('experiment_ids');
      if (requested.length === 0) return;
      const readable = await ctx.auth.experimentReader(ctx.principal);
      const allowed = requested.filter(readable);
      if (allowed.length === requested.length) return;
      if (allowed.length === 0) throw NOTHING_READABLE;
      return ctx.input.withValue('experiment_ids', allowed);
    },
  };
}

const MAX_REFILL_ROUNDS = 100;

/**
 * Drops what the user may not read from a page of search results and, like MLflow, fetches
 * further pages until the page is full again or the results end, so paging stays correct.
 */
function filteredSearch(
  listField: string,
  keyOf: (item: Record<string, unknown>) => string,
  resource: 'experiment' | 'registered-model',
): Guard {
  return {
    after: async (ctx, result, rerun) => {
      if (ctx.principal.isAdmin) return result;
      const readable =
        resource === 'experiment' ? await ctx.auth.experimentReader(ctx.principal) : await ctx.auth.registeredModelReader(ctx.principal);
      const isReadable = (item: unknown) => typeof item === 'object' && item !== null && readable(keyOf(item as Record<string, unknown>));
      const page = result as Record<string, unknown>;
      const items = Array.isArray(page[listField]) ? (page[listField] as unknown[]) : [];
      const wanted = ctx.input.int('max_results') ?? items.length;
      const kept = items.filter(isReadable);
      let token = page.next_page_token;
      for (let round = 0; kept.length < wanted && typeof token === 'string' && token !== '' && round < MAX_REFILL_ROUNDS; round++) {
        const next = (await rerun(ctx.input.withValue('page_token', token).withValue('max_results', wanted - kept.length))) as Record<
          string,
          unknown
        >;
        const more = Array.isArray(next[listField]) ? (next[listField] as unknown[]) : [];
        kept.push(...more.filter(isReadable));
        token = next.next_page_token;
      }
      return { ...page, [listField]: kept.length > 0 || listField in page ? kept : undefined, next_page_token: token || undefined };
    },
  };
}

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** The guards, keyed `METHOD path` with the path as the endpoint declares it, without /api/2.0. */
const RULES: Record<string, Guard> = {
  // --- experiments ---
  'POST /mlflow/experiments/create': {
    after: async (ctx, result) => {
      const experimentId = text((result as { experiment_id?: unknown }).experiment_id);
      if (experimentId) await ctx.auth.grantCreatorExperiment(ctx.principal, experimentId);
      return result;
    },
  },
  'GET /mlflow/experiments/get': experimentRule('read'),
  'GET /mlflow/experiments/get-by-name': experimentGuard('read', byExperimentName),
  'POST /mlflow/experiments/search': filteredSearch('experiments', (item) => text(item.experiment_id), 'experiment'),
  'GET /mlflow/experiments/search': filteredSearch('experiments', (item) => text(item.experiment_id), 'experiment'),
  'POST /mlflow/experiments/update': experimentRule('update'),
  'POST /mlflow/experiments/delete': experimentRule('delete'),
  'POST /mlflow/experiments/restore': experimentRule('delete'),
  'POST /mlflow/experiments/set-experiment-tag': experimentRule('update'),
  'POST /mlflow/experiments/delete-experiment-tag': experimentRule('update'),
  'POST /mlflow/experiments/search-datasets': readableExperimentIds({}),

  // --- runs ---
  'POST /mlflow/runs/create': experimentGuard('update', byExperimentIdOrDefault),
  'POST /mlflow/runs/create-promptlab-run': experimentGuard('update', byExperimentIdOrDefault),
  'GET /mlflow/runs/get': runRule('read'),
  'POST /mlflow/runs/update': runRule('update'),
  'POST /mlflow/runs/delete': runRule('delete'),
  'POST /mlflow/runs/restore': runRule('delete'),
  'POST /mlflow/runs/search': readableExperimentIds({}),
  'POST /mlflow/runs/log-metric': runRule('update'),
  'POST /mlflow/runs/log-parameter': runRule('update'),
  'POST /mlflow/runs/set-tag': runRule('update'),
  'POST /mlflow/runs/delete-tag': runRule('update'),
  'POST /mlflow/runs/log-batch': runRule('update'),
  'POST /mlflow/runs/log-inputs': runRule('update'),
  'POST /mlflow/runs/log-model': runRule('update'),
  'POST /mlflow/runs/outputs': runRule('update'),

  // --- metrics ---
  'GET /mlflow/metrics/get-history': runRule('read'),
  'GET /mlflow/metrics/get-history-bulk-interval': runsRule('run_ids'),
  'GET /mlflow/metrics/get-history-bulk': runsRule('run_id'),
  'GET /runboard/metrics/get-history-buckets': runsRule('run_ids'),

  // --- artifacts ---
  'GET /mlflow/artifacts/list': runRule('read'),
  'GET /get-artifact': runRule('read'),
  'POST /mlflow/upload-artifact': runRule('update'),
  'PUT /mlflow-artifacts/artifacts/*': artifactProxyRule('update'),
  'GET /mlflow-artifacts/artifacts/*': artifactProxyRule('read'),
  'DELETE /mlflow-artifacts/artifacts/*': artifactProxyRule('manage'),
  'GET /mlflow-artifacts/artifacts': artifactProxyRule('read'),
  'POST /mlflow-artifacts/mpu/create/*': artifactProxyRule('update'),
  'POST /mlflow-artifacts/mpu/complete/*': artifactProxyRule('update'),
  'POST /mlflow-artifacts/mpu/abort/*': artifactProxyRule('update'),

  // --- logged models (MLflow 3) ---
  'POST /mlflow/logged-models': experimentRule('update'),
  'POST /mlflow/logged-models/search': readableExperimentIds({}),
  'GET /mlflow/logged-models/:model_id': experimentGuard('read', byLoggedModel),
  'PATCH /mlflow/logged-models/:model_id': experimentGuard('update', byLoggedModel),
  'DELETE /mlflow/logged-models/:model_id': experimentGuard('delete', byLoggedModel),
  'PATCH /mlflow/logged-models/:model_id/tags': experimentGuard('update', byLoggedModel),
  'DELETE /mlflow/logged-models/:model_id/tags/*': experimentGuard('update', byLoggedModel),
  'POST /mlflow/logged-models/:model_id/params': experimentGuard('update', byLoggedModel),
  'GET /mlflow/logged-models/:model_id/artifacts/directories': experimentGuard('read', byLoggedModel),
  'GET /mlflow/logged-models/:model_id/artifacts/files': experimentGuard('read', byLoggedModel),

  // --- registered models ---
  'POST /mlflow/registered-models/create': {
    after: async (ctx, result) => {
      const name = text((result as { registered_model?: { name?: unknown } }).registered_model?.name);
      if (name) await ctx.auth.grantCreatorRegisteredModel(ctx.principal, name);
      return result;
    },
  },
  'GET /mlflow/registered-models/get': registeredModelRule('read'),
  'POST /mlflow/registered-models/rename': {
    ...registeredModelRule('update'),
    after: async (ctx, result) => {
      const from = ctx.input.string('name');
      const to = ctx.input.string('new_name');
      if (from && to) await ctx.auth.registeredModelRenamed(from, to);
      return result;
    },
  },
  'PATCH /mlflow/registered-models/update': registeredModelRule('update'),
  'DELETE /mlflow/registered-models/delete': {
    ...registeredModelRule('delete'),
    after: async (ctx, result) => {
      const name = ctx.input.string('name');
      if (name) await ctx.auth.registeredModelDeleted(name);
      return result;
    },
  },
  'GET /mlflow/registered-models/search': filteredSearch('registered_models', (item) => text(item.name), 'registered-model'),
  'GET /mlflow/registered-models/get-latest-versions': registeredModelRule('read'),
  'POST /mlflow/registered-models/get-latest-versions': registeredModelRule('read'),
  'POST /mlflow/registered-models/set-tag': registeredModelRule('update'),
  'DELETE /mlflow/registered-models/delete-tag': registeredModelRule('update'),
  'POST /mlflow/registered-models/alias': registeredModelRule('update'),
  'GET /mlflow/registered-models/alias': registeredModelRule('read'),
  'DELETE /mlflow/registered-models/alias': registeredModelRule('delete'),

  // --- model versions: their registered model's permission ---
  'POST /mlflow/model-versions/create': registeredModelRule('update'),
  'GET /mlflow/model-versions/get': registeredModelRule('read'),
  'PATCH /mlflow/model-versions/update': registeredModelRule('update'),
  'DELETE /mlflow/model-versions/delete': registeredModelRule('delete'),
  'GET /mlflow/model-versions/search': filteredSearch('model_versions', (item) => text(item.name), 'registered-model'),
  'GET /mlflow/model-versions/get-download-uri': registeredModelRule('read'),
  'POST /mlflow/model-versions/transition-stage': registeredModelRule('update'),
  'POST /mlflow/model-versions/set-tag': registeredModelRule('update'),
  'DELETE /mlflow/model-versions/delete-tag': registeredModelRule('delete'),
  'GET /model-versions/get-artifact': registeredModelRule('read'),
  'GET /runboard/registry-events': registeredModelRule('read'),
  'GET /runboard/model-versions/stage-counts': {
    emptyAnswer: { models: [] },
    before: async (ctx) => {
      const names = ctx.input.stringList('name');
      const readable = await ctx.auth.registeredModelReader(ctx.principal);
      const allowed = names.filter(readable);
      if (allowed.length === names.length) return;
      if (allowed.length === 0) throw NOTHING_READABLE;
      return ctx.input.withValue('name', allowed);
    },
  },

  // --- server ---
  'GET /mlflow/server-info': signedIn,
  'GET /runboard/server-features': signedIn,

  // --- webhooks (routes/webhooks.ts): anyone signed in may see which webhooks exist (the model page
  // lists those a promotion fires; secrets are never returned); only admins change, test or read deliveries.
  'GET /mlflow/webhooks': signedIn,
  'GET /mlflow/webhooks/:webhook_id': signedIn,
  'POST /mlflow/webhooks': adminOnly,
  'PATCH /mlflow/webhooks/:webhook_id': adminOnly,
  'DELETE /mlflow/webhooks/:webhook_id': adminOnly,
  'POST /mlflow/webhooks/:webhook_id/test': adminOnly,
  'GET /runboard/webhooks/deliveries': adminOnly,

  // --- users and permissions (auth-routes.ts) ---
  'POST /mlflow/users/create': adminOnly,
  'GET /mlflow/users/get': { before: (ctx) => requireSelf(ctx) },
  'PATCH /mlflow/users/update-password': { before: (ctx) => requireSelf(ctx) },
  'PATCH /mlflow/users/update-admin': adminOnly,
  'DELETE /mlflow/users/delete': adminOnly,
  'POST /mlflow/experiments/permissions/create': experimentRule('manage'),
  'GET /mlflow/experiments/permissions/get': experimentRule('manage'),
  'PATCH /mlflow/experiments/permissions/update': experimentRule('manage'),
  'DELETE /mlflow/experiments/permissions/delete': experimentRule('manage'),
  'POST /mlflow/registered-models/permissions/create': registeredModelRule('manage'),
  'GET /mlflow/registered-models/permissions/get': registeredModelRule('manage'),
  'PATCH /mlflow/registered-models/permissions/update': registeredModelRule('manage'),
  'DELETE /mlflow/registered-models/permissions/delete': registeredModelRule('manage'),
  // --- traces (2.x and 3.x share rule keys) ---
  'POST /mlflow/traces': experimentGuard('update', byTraceStart),
  'GET /mlflow/traces': traceSearchRule,
  'POST /mlflow/traces/search': traceSearchRule,
  'PATCH /mlflow/traces/:request_id': traceRule('update'),
  'GET /mlflow/traces/:request_id/info': traceRule('read'),
  'GET /mlflow/traces/:trace_id': traceRule('read'),
  'POST /mlflow/traces/delete-traces': experimentRule('delete'),
  'POST /mlflow/traces/batchGetInfos': tracesRule('read'),
  'POST /mlflow/traces/link-to-run': linkTracesRule,
  'PATCH /mlflow/traces/:request_id/tags': traceRule('update'),
  'DELETE /mlflow/traces/:request_id/tags': traceRule('update'),
  'GET /mlflow/get-trace-artifact': traceRule('read'),
  'POST /v1/traces': otlpRule,
  'GET /runboard/auth/users': adminOnly,
  'GET /runboard/auth/current-user': signedIn,
};

/** Users may read their own account and change their own password. */
function requireSelf(ctx: GuardContext): Promise<void> {
  return ctx.input.string('username') === ctx.principal.username ? Promise.resolve() : Promise.reject(permissionDenied());
}

/** `/mlflow/runs/get`, `/get-artifact`, `/runboard/registry-events` (either API prefix). */
function ruleKey(endpoint: Endpoint): string {
  const path = endpoint.absolute ? endpoint.path.replace(/^\/(ajax-)?api\/\d+\.\d+(?=\/)/, '') : endpoint.path;
  return `${endpoint.method} ${path}`;
}

/** The endpoint's guard; undefined for an endpoint no rule names (the route test lists them). */
export function guardFor(endpoint: Endpoint): Guard | undefined {
  return RULES[ruleKey(endpoint)];
}

/** Served to everyone, signed in or not. */
export function isPublic(endpoint: Endpoint): boolean {
  if (endpoint.absolute !== true) return false;
  return endpoint.path === '/health' || endpoint.path === '/version' || /\/runboard\/auth\/sign(in|out)$/.test(endpoint.path);
}
