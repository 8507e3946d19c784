// MLflow 3 logged-model endpoints and runs/outputs: parse and validate, call the service, reply.
import { percentDecode } from '../artifacts/artifact-path.js';
import { MlflowError } from '../errors.js';
import { invalidValue, missingValue, type RequestInput } from '../http/request-input.js';
import type { Endpoint } from '../http/router.js';
import * as models from '../services/logged-models.js';
import type { ServerContext } from '../services/server-context.js';
import { sendDownload } from './artifacts.js';
import { isInt64, limitedExperimentIds, limitedFilter, limitedOrderBy } from '../services/validation.js';

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function readKeyValues(input: RequestInput, name: string): models.KeyValue[] {
  return input.objectList(name).map((entry) => {
    const key = text(entry.key);
    if (key === undefined || key === '') throw missingValue(`${name}.key`);
    const value = entry.value === undefined || entry.value === null ? '' : entry.value;
    if (typeof value !== 'string') throw invalidValue(`${name}.value`, value);
    return { key, value };
  });
}

function modelIdOf(pathParams: Record<string, string>): string {
  const modelId = percentDecode(pathParams.model_id ?? '');
  if (modelId === '') throw missingValue('model_id');
  return modelId;
}

function readOrderBy(input: RequestInput): models.OrderByField[] {
  return input.objectList('order_by').map((entry) => {
    const fieldName = text(entry.field_name);
    if (!fieldName) throw missingValue('order_by.field_name');
    if (entry.ascending !== undefined && entry.ascending !== null && typeof entry.ascending !== 'boolean') {
      throw invalidValue('order_by.ascending', entry.ascending);
    }
    return {
      fieldName,
      ascending: entry.ascending !== false,
      ...(text(entry.dataset_name) ? { datasetName: text(entry.dataset_name) } : {}),
      ...(text(entry.dataset_digest) ? { datasetDigest: text(entry.dataset_digest) } : {}),
    };
  });
}

function readDatasets(input: RequestInput): models.DatasetFilter[] {
  return input.objectList('datasets').map((entry) => ({
    datasetName: text(entry.dataset_name) ?? '',
    ...(text(entry.dataset_digest) ? { datasetDigest: text(entry.dataset_digest) } : {}),
  }));
}

function readStep(value: unknown): number {
  if (value === undefined || value === null) return 0;
  const step = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (isInt64(step)) return step;
  throw invalidValue('models.step', value);
}

export function loggedModelEndpoints(context: ServerContext): Endpoint[] {
  const { db } = context;
  return [
    {
      method: 'POST',
      path: '/mlflow/logged-models',
      handler: async ({ input }) => ({
        model: await models.createLoggedModel(db, {
          experimentId: input.requiredString('experiment_id'),
          name: input.string('name') || undefined,
          modelType: input.string('model_type') || undefined,
          sourceRunId: input.string('source_run_id') || undefined,
          params: readKeyValues(input, 'params'),
          tags: readKeyValues(input, 'tags'),
        }),
      }),
    },
    {
      method: 'POST',
      path: '/mlflow/logged-models/search',
      handler: ({ input }) => {
        const experimentIds = limitedExperimentIds(input.stringList('experiment_ids'));
        if (experimentIds.length === 0) throw missingValue('experiment_ids');
        return models.searchLoggedModels(db, {
          experimentIds,
          filter: limitedFilter(input.string('filter')),
          datasets: readDatasets(input),
          maxResults: input.int('max_results'),
          orderBy: limitedOrderBy(readOrderBy(input)),
          pageToken: input.string('page_token'),
        });
      },
    },
    {
      method: 'GET',
      path: '/mlflow/logged-models/:model_id',
      handler: async ({ input, pathParams }) => ({
        model: await models.getLoggedModel(db, modelIdOf(pathParams), input.bool('allow_deleted') ?? false),
      }),
    },
    {
      method: 'PATCH',
      path: '/mlflow/logged-models/:model_id',
      handler: async ({ input, pathParams }) => {
        const raw = input.raw('status');
        if (raw === undefined || raw === null || raw === '') throw missingValue('status');
        const status = models.parseStatus(raw);
        if (status === undefined) throw invalidValue('status', raw);
        return { model: await models.finalizeLoggedModel(db, modelIdOf(pathParams), status) };
      },
    },
    {
      method: 'DELETE',
      path: '/mlflow/logged-models/:model_id',
      handler: async ({ pathParams }) => {
        await models.deleteLoggedModel(db, modelIdOf(pathParams));
        return {};
      },
    },
    {
      method: 'PATCH',
      path: '/mlflow/logged-models/:model_id/tags',
      handler: async ({ input, pathParams }) => {
        await models.setLoggedModelTags(db, modelIdOf(pathParams), readKeyValues(input, 'tags'));
        return {};
      },
    },
    {
      method: 'DELETE',
      path: '/mlflow/logged-models/:model_id/tags/*',
      handler: async ({ pathParams }) => {
        const key = percentDecode(pathParams['*'] ?? '');
        if (key === '') throw missingValue('tag_key');
        await models.deleteLoggedModelTag(db, modelIdOf(pathParams), key);
        return {};
      },
    },
    {
      method: 'POST',
      path: '/mlflow/logged-models/:model_id/params',
      handler: async ({ input, pathParams }) => {
        await models.logLoggedModelParams(db, modelIdOf(pathParams), readKeyValues(input, 'params'));
        return {};
      },
    },
    {
      method: 'GET',
      path: '/mlflow/logged-models/:model_id/artifacts/directories',
      handler: ({ input, pathParams }) =>
        models.listLoggedModelArtifacts(context, modelIdOf(pathParams), input.string('artifact_directory_path')),
    },
    {
      method: 'GET',
      path: '/mlflow/logged-models/:model_id/artifacts/files',
      ajaxOnly: true,
      handler: async ({ input, reply, pathParams }) => {
        const path = input.string('artifact_file_path');
        if (!path) throw new MlflowError('BAD_REQUEST', 'Request must specify the artifact_file_path.');
        return sendDownload(reply, await models.openLoggedModelArtifact(context, modelIdOf(pathParams), path));
      },
    },
    {
      method: 'POST',
      path: '/mlflow/runs/outputs',
      handler: async ({ input }) => {
        const runId = input.requiredString('run_id');
        const list = input.objectList('models');
        if (list.length === 0) throw missingValue('models');
        const outputs = list.map((entry) => {
          const modelId = text(entry.model_id);
          if (!modelId) throw missingValue('models.model_id');
          return { modelId, step: readStep(entry.step) };
        });
        await models.logRunOutputs(db, runId, outputs);
        return {};
      },
    },
  ];
}
