// Model registry endpoints (registered models, model versions, aliases), the UI's model version
// file download, and Runboard's registry timeline. Requests are read here; semantics live in
// services/registered-models.ts, services/model-versions.ts and services/registry-events.ts.
import type { FastifyRequest } from 'fastify';
import type { KeyValue } from '../../src/lib/mlflow/wire-types.js';
import { MlflowError } from '../errors.js';
import { invalidValue, type RequestInput } from '../http/request-input.js';
import type { Endpoint, EndpointContext } from '../http/router.js';
import * as versions from '../services/model-versions.js';
import * as models from '../services/registered-models.js';
import * as events from '../services/registry-events.js';
import type { RegistryActor } from '../services/registry.js';
import type { ServerContext } from '../services/server-context.js';
import { sendDownload } from './artifacts.js';
import { limitedFilter, limitedOrderBy } from '../services/validation.js';

export const RUNBOARD_USER_HEADER = 'x-runboard-user';
const MAX_USER_LENGTH = 255;

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers[name];
  return Array.isArray(header) ? header[0] : header;
}

/** The UI sends the name percent-encoded (headers are Latin-1); other clients may send it plain. */
function decodeUser(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The user name of an `Authorization: Basic` header (what MLflow's basic-auth app records). */
function basicAuthUser(request: FastifyRequest): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(headerValue(request, 'authorization') ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? decoded.slice(0, colon) : undefined;
}

/**
 * The user the registry timeline records: the `X-Runboard-User` header (the UI's "Your name"),
 * else the HTTP basic-auth user, else nobody.
 */
function actorOf(request: FastifyRequest): RegistryActor {
  const named = decodeUser(headerValue(request, RUNBOARD_USER_HEADER) ?? '').trim();
  const user = named || basicAuthUser(request) || '';
  return { user: user ? user.slice(0, MAX_USER_LENGTH) : null };
}

function readTags(input: RequestInput): KeyValue[] {
  return input.objectList('tags').map((tag) => ({
    key: typeof tag.key === 'string' ? tag.key : '',
    value: typeof tag.value === 'string' ? tag.value : '',
  }));
}

/**
 * `max_results` as the registry handlers check it: an integer (a numeric string in a query) no
 * larger than `max`; anything else is refused quoting the value as sent.
 */
function readMaxResults(input: RequestInput, fallback: number, max: number): number {
  if (!input.has('max_results')) return fallback;
  const raw = input.raw('max_results');
  let value: number;
  try {
    value = input.requiredInt('max_results');
  } catch {
    throw invalidValue('max_results', raw);
  }
  if (value > max) throw invalidValue('max_results', raw);
  return value;
}

type Handler = (ctx: EndpointContext) => unknown;

function searchRegisteredModelsHandler({ db }: ServerContext): Handler {
  return ({ input }) =>
    models.searchRegisteredModels(db, {
      filter: limitedFilter(input.string('filter')),
      maxResults: readMaxResults(input, models.SEARCH_REGISTERED_MODELS_DEFAULT, models.SEARCH_REGISTERED_MODELS_MAX),
      orderBy: limitedOrderBy(input.stringList('order_by')),
      pageToken: input.string('page_token'),
    });
}

function latestVersionsHandler({ db }: ServerContext): Handler {
  return async ({ input }) => {
    const name = input.requiredString('name');
    const modelVersions = await models.getLatestVersions(db, name, input.stringList('stages'));
    return modelVersions.length > 0 ? { model_versions: modelVersions } : {};
  };
}

function registryEventsHandler({ db }: ServerContext): Handler {
  return ({ input }) =>
    events.listRegistryEvents(db, {
      name: input.requiredString('name'),
      maxResults: readMaxResults(input, events.DEFAULT_EVENTS_PAGE_SIZE, events.MAX_EVENTS_PAGE_SIZE),
      pageToken: input.string('page_token'),
    });
}

function stageCountsHandler({ db }: ServerContext): Handler {
  return ({ input }) => versions.countModelVersionsByStage(db, input.stringList('name'));
}

export function registryEndpoints(context: ServerContext): Endpoint[] {
  const { db } = context;
  return [
    // --- registered models ---
    {
      method: 'POST',
      path: '/mlflow/registered-models/create',
      handler: async ({ input, request }) => {
        const name = input.requiredString('name');
        const tags = readTags(input);
        const description = input.string('description');
        return { registered_model: await models.createRegisteredModel(db, actorOf(request), { name, description, tags }) };
      },
    },
    {
      method: 'GET',
      path: '/mlflow/registered-models/get',
      handler: async ({ input }) => ({ registered_model: await models.getRegisteredModel(db, input.requiredString('name')) }),
    },
    {
      method: 'POST',
      path: '/mlflow/registered-models/rename',
      handler: async ({ input, request }) => {
        const name = input.requiredString('name');
        const newName = input.requiredString('new_name');
        return { registered_model: await models.renameRegisteredModel(db, actorOf(request), name, newName) };
      },
    },
    {
      method: 'PATCH',
      path: '/mlflow/registered-models/update',
      handler: async ({ input, request }) => {
        const name = input.requiredString('name');
        const description = input.string('description');
        return { registered_model: await models.updateRegisteredModel(db, actorOf(request), name, description) };
      },
    },
    {
      method: 'DELETE',
      path: '/mlflow/registered-models/delete',
      handler: async ({ input, request }) => {
        await models.deleteRegisteredModel(db, actorOf(request), input.requiredString('name'));
        return {};
      },
    },
    { method: 'GET', path: '/mlflow/registered-models/search', handler: searchRegisteredModelsHandler(context) },
    { method: 'GET', path: '/mlflow/registered-models/get-latest-versions', handler: latestVersionsHandler(context) },
    { method: 'POST', path: '/mlflow/registered-models/get-latest-versions', handler: latestVersionsHandler(context) },
    {
      method: 'POST',
      path: '/mlflow/registered-models/set-tag',
      handler: async ({ input, request }) => {
        const name = input.requiredString('name');
        const key = input.requiredString('key');
        await models.setRegisteredModelTag(db, actorOf(request), name, key, input.string('value') ?? '');
        return {};
      },
    },
    {
      method: 'DELETE',
      path: '/mlflow/registered-models/delete-tag',
      handler: async ({ input, request }) => {
        const name = input.requiredString('name');
        const key = input.requiredString('key');
        await models.deleteRegisteredModelTag(db, actorOf(request), name, key);
        return {};
      },
    },

    // --- aliases ---
    {
      method: 'POST',
      path: '/mlflow/registered-models/alias',
      handler: async ({ input, request }) => {
        const name = input.requiredString('name');
        const alias = input.requiredString('alias');
        const version = input.requiredString('version');
        await models.setRegisteredModelAlias(db, actorOf(request), name, alias, version);
        return {};
      },
    },
    {
      method: 'GET',
      path: '/mlflow/registered-models/alias',
      handler: async ({ input }) => {
        const name = input.requiredString('name');
        const alias = input.requiredString('alias');
        return { model_version: await models.getModelVersionByAlias(db, name, alias) };
      },
    },
    {
      method: 'DELETE',
      path: '/mlflow/registered-models/alias',
      handler: async ({ input, request }) => {
        const name = input.requiredString('name');
        const alias = input.requiredString('alias');
        await models.deleteRegisteredModelAlias(db, actorOf(request), name, alias);
        return {};
      },
    },

    // --- model versions ---
    {
      method: 'POST',
      path: '/mlflow/model-versions/create',
      handler: async ({ input, request }) => {
        const name = input.requiredString('name');
        const source = input.requiredString('source');
        const runId = input.string('run_id');
        const tags = readTags(input);
        const runLink = input.string('run_link');
        const description = input.string('description');
        const modelId = input.string('model_id');
        return {
          model_version: await versions.createModelVersion(db, actorOf(request), { name, source, runId, runLink, description, tags, modelId }),
        };
      },
    },
    {
      method: 'GET',
      path: '/mlflow/model-versions/get',
      handler: async ({ input }) => {
        const name = input.requiredString('name');
        const version = input.requiredString('version');
        return { model_version: await versions.getModelVersion(db, name, version) };
      },
    },
    {
      method: 'PATCH',
      path: '/mlflow/model-versions/update',
      handler: async ({ input, request }) => {
        const name = input.requiredString('name');
        const version = input.requiredString('version');
        const description = input.string('description');
        return { model_version: await versions.updateModelVersion(db, actorOf(request), name, version, description) };
      },
    },
    {
      method: 'DELETE',
      path: '/mlflow/model-versions/delete',
      handler: async ({ input, request }) => {
        const name = input.requiredString('name');
        const version = input.requiredString('version');
        await versions.deleteModelVersion(db, actorOf(request), name, version);
        return {};
      },
    },
    {
      method: 'GET',
      path: '/mlflow/model-versions/search',
      handler: ({ input }) =>
        versions.searchModelVersions(db, {
          filter: limitedFilter(input.string('filter')),
          maxResults: readMaxResults(input, versions.SEARCH_MODEL_VERSIONS_DEFAULT, versions.SEARCH_MODEL_VERSIONS_MAX),
          orderBy: limitedOrderBy(input.stringList('order_by')),
          pageToken: input.string('page_token'),
        }),
    },
    {
      method: 'GET',
      path: '/mlflow/model-versions/get-download-uri',
      // MLflow checks no required fields here; the store refuses an empty name or version.
      handler: async ({ input }) => ({
        artifact_uri: await versions.getModelVersionDownloadUri(db, input.string('name') ?? '', input.string('version')),
      }),
    },
    {
      method: 'POST',
      path: '/mlflow/model-versions/transition-stage',
      handler: async ({ input, request }) => {
        const name = input.requiredString('name');
        const version = input.requiredString('version');
        const stage = input.requiredString('stage');
        const archive = input.bool('archive_existing_versions') ?? false;
        return { model_version: await versions.transitionModelVersionStage(db, actorOf(request), name, version, stage, archive) };
      },
    },
    {
      method: 'POST',
      path: '/mlflow/model-versions/set-tag',
      handler: async ({ input, request }) => {
        const name = input.requiredString('name');
        const version = input.requiredString('version');
        const key = input.requiredString('key');
        await versions.setModelVersionTag(db, actorOf(request), name, version, key, input.string('value') ?? '');
        return {};
      },
    },
    {
      method: 'DELETE',
      path: '/mlflow/model-versions/delete-tag',
      handler: async ({ input, request }) => {
        const name = input.requiredString('name');
        const version = input.requiredString('version');
        const key = input.requiredString('key');
        await versions.deleteModelVersionTag(db, actorOf(request), name, version, key);
        return {};
      },
    },
    {
      method: 'GET',
      path: '/model-versions/get-artifact',
      absolute: true,
      handler: async ({ input, reply }) => {
        const path = input.string('path');
        if (path === undefined) throw new MlflowError('BAD_REQUEST', "Missing required query parameter 'path'.");
        const download = await versions.openModelVersionArtifact(context, input.string('name'), input.string('version'), path);
        return sendDownload(reply, download);
      },
    },

    // --- Runboard: registry timeline ---
    { method: 'GET', path: '/ajax-api/2.0/runboard/registry-events', absolute: true, handler: registryEventsHandler(context) },
    { method: 'GET', path: '/api/2.0/runboard/registry-events', absolute: true, handler: registryEventsHandler(context) },

    // --- Runboard: versions per stage of several models (the models list) ---
    { method: 'GET', path: '/ajax-api/2.0/runboard/model-versions/stage-counts', absolute: true, handler: stageCountsHandler(context) },
    { method: 'GET', path: '/api/2.0/runboard/model-versions/stage-counts', absolute: true, handler: stageCountsHandler(context) },
  ];
}
