// Run endpoints: parse and validate the request (MLflow's messages, item paths such as
// `metrics[3].value`), call the service, reply.
import { RUN_STATUSES, VIEW_TYPES } from '../../src/lib/mlflow/wire-types.js';
import type { Endpoint } from '../http/router.js';
import { invalidValue, missingValue, parseWireDouble, type RequestInput } from '../http/request-input.js';
import * as runs from '../services/runs.js';
import * as logging from '../services/run-logging.js';
import { DEFAULT_MAX_RESULTS, searchDatasets, searchRuns } from '../services/search-runs.js';
import type { ServerContext } from '../services/server-context.js';
import { limitedExperimentIds, limitedFilter, limitedOrderBy } from '../services/validation.js';

type Item = Record<string, unknown>;

const INT_PATTERN = /^-?\d+$/;

function raise(error: Error): never {
  throw error;
}

function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function itemString(item: Item, field: string, path: string, required: boolean): string {
  const value = item[field];
  if (isUnset(value)) {
    if (required) throw missingValue(`${path}.${field}`);
    return '';
  }
  if (typeof value !== 'string') throw invalidValue(`${path}.${field}`, value);
  return value;
}

function itemInt(item: Item, field: string, path: string): number | undefined {
  const value = item[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && INT_PATTERN.test(value.trim())) return Number(value.trim());
  throw invalidValue(`${path}.${field}`, value);
}

function itemObject(item: Item, field: string, path: string): Item {
  const value = item[field];
  if (value === undefined || value === null) throw missingValue(`${path}.${field}`);
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidValue(`${path}.${field}`, value);
  return value as Item;
}

function itemList(item: Item, field: string, path: string): Item[] {
  const value = item[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'object' || entry === null || Array.isArray(entry))) {
    throw invalidValue(`${path}.${field}`, value);
  }
  return value as Item[];
}

/** `[{key, value}]` lists (tags, params): key required, value defaults to "". */
function readKeyValues(input: RequestInput, name: string): logging.KeyValueInput[] {
  return input.objectList(name).map((item, index) => ({
    key: itemString(item, 'key', `${name}[${index}]`, true),
    value: itemString(item, 'value', `${name}[${index}]`, false),
  }));
}

/**
 * log-batch's `metrics` into columns. Up to 1000 items per request: a well-formed item takes the
 * short checks inline, with no object or closure made per item; anything else goes through
 * readMetricField for MLflow's message, which names the item's path (`metrics[3].value`).
 */
function readMetrics(input: RequestInput): logging.MetricColumns {
  const items = input.objectList('metrics');
  const columns = logging.emptyMetricColumns(items.length);
  const { keys, values, timestamps, steps } = columns;
  for (let index = 0; index < items.length; index += 1) {
    const item = items[index] as Item;
    const { key, value, timestamp, step } = item;
    keys[index] = typeof key === 'string' && key !== '' ? key : (readMetricField(item, 'key', index) as string);
    values[index] = typeof value === 'number' ? value : (readMetricField(item, 'value', index) as number);
    timestamps[index] = Number.isInteger(timestamp) ? (timestamp as number) : (readMetricField(item, 'timestamp', index) as number);
    steps[index] = Number.isInteger(step) ? (step as number) : (readMetricField(item, 'step', index) as number);
    if (item.model_id !== undefined || item.dataset_name !== undefined || item.dataset_digest !== undefined) {
      columns.models ??= [];
      columns.models[index] = readModelFields(item, `metrics[${index}]`);
    }
  }
  return columns;
}

/** One field of `metrics[index]` that missed the short path: read as MLflow reads it, or its error. */
function readMetricField(item: Item, field: 'key' | 'value' | 'timestamp' | 'step', index: number): string | number {
  const path = `metrics[${index}]`;
  switch (field) {
    case 'key':
      return itemString(item, 'key', path, true);
    case 'value':
      return isUnset(item.value) ? raise(missingValue(`${path}.value`)) : parseWireDouble(item.value, `${path}.value`);
    case 'timestamp':
      return itemInt(item, 'timestamp', path) ?? raise(missingValue(`${path}.timestamp`));
    case 'step':
      return itemInt(item, 'step', path) ?? 0;
  }
}

/** MLflow 3 metric fields: the logged model (and dataset) a point belongs to. */
function readModelFields(item: Item, path: string): logging.MetricModelFields {
  const prefix = path ? `${path}.` : '';
  const field = (name: string): string | undefined => {
    const value = item[name];
    if (isUnset(value)) return undefined;
    if (typeof value !== 'string') throw invalidValue(`${prefix}${name}`, value);
    return value;
  };
  const modelId = field('model_id');
  const datasetName = field('dataset_name');
  const datasetDigest = field('dataset_digest');
  return {
    ...(modelId ? { modelId } : {}),
    ...(datasetName ? { datasetName } : {}),
    ...(datasetDigest ? { datasetDigest } : {}),
  };
}

function readDatasetInputs(input: RequestInput): logging.DatasetInputInput[] {
  return input.objectList('datasets').map((item, index) => {
    const path = `datasets[${index}]`;
    const dataset = itemObject(item, 'dataset', path);
    const datasetPath = `${path}.dataset`;
    const schema = itemString(dataset, 'schema', datasetPath, false);
    const profile = itemString(dataset, 'profile', datasetPath, false);
    return {
      tags: itemList(item, 'tags', path).map((tag, tagIndex) => ({
        key: itemString(tag, 'key', `${path}.tags[${tagIndex}]`, true),
        value: itemString(tag, 'value', `${path}.tags[${tagIndex}]`, false),
      })),
      dataset: {
        name: itemString(dataset, 'name', datasetPath, true),
        digest: itemString(dataset, 'digest', datasetPath, true),
        source_type: itemString(dataset, 'source_type', datasetPath, false),
        source: itemString(dataset, 'source', datasetPath, false),
        ...(dataset.schema !== undefined && dataset.schema !== null ? { schema } : {}),
        ...(dataset.profile !== undefined && dataset.profile !== null ? { profile } : {}),
      },
    };
  });
}

/** get / update / log-metric / log-parameter / set-tag read `run_id`, else the legacy `run_uuid`. */
function runIdOrUuid(input: RequestInput): string {
  const runId = input.string('run_id') || input.string('run_uuid');
  if (!runId) throw missingValue('run_id');
  return runId;
}

export function runEndpoints(context: ServerContext): Endpoint[] {
  const { db } = context;
  return [
    {
      method: 'POST',
      path: '/mlflow/runs/create',
      handler: async ({ input }) => {
        const experimentId = input.string('experiment_id') ?? '';
        const userId = input.string('user_id') ?? '';
        const startTime = input.int('start_time') ?? Date.now();
        const runName = input.string('run_name') || undefined;
        const tags = readKeyValues(input, 'tags');
        return { run: await runs.createRun(db, { experimentId, userId, startTime, runName, tags }) };
      },
    },
    {
      method: 'GET',
      path: '/mlflow/runs/get',
      handler: async ({ input }) => ({ run: await runs.getRun(db, runIdOrUuid(input)) }),
    },
    {
      method: 'POST',
      path: '/mlflow/runs/update',
      handler: async ({ input }) => {
        const runId = runIdOrUuid(input);
        const status = input.enumValue('status', RUN_STATUSES);
        const endTime = input.int('end_time');
        const runName = input.string('run_name');
        return { run_info: await runs.updateRun(db, runId, { status, endTime, runName }) };
      },
    },
    {
      method: 'POST',
      path: '/mlflow/runs/delete',
      handler: async ({ input }) => {
        await runs.deleteRun(db, input.requiredString('run_id'));
        return {};
      },
    },
    {
      method: 'POST',
      path: '/mlflow/runs/restore',
      handler: async ({ input }) => {
        await runs.restoreRun(db, input.requiredString('run_id'));
        return {};
      },
    },
    {
      method: 'POST',
      path: '/mlflow/runs/search',
      handler: ({ input }) =>
        searchRuns(db, {
          experimentIds: limitedExperimentIds(input.stringList('experiment_ids')),
          filter: limitedFilter(input.string('filter')),
          maxResults: input.int('max_results') ?? DEFAULT_MAX_RESULTS,
          orderBy: limitedOrderBy(input.stringList('order_by')),
          pageToken: input.string('page_token'),
          runViewType: input.enumValue('run_view_type', VIEW_TYPES) ?? 'ACTIVE_ONLY',
          allowOr: context.runboardExtensions ?? true,
        }),
    },
    {
      method: 'POST',
      path: '/mlflow/runs/log-metric',
      handler: async ({ input }) => {
        const runId = runIdOrUuid(input);
        const key = input.requiredString('key');
        const value = input.double('value');
        if (value === undefined || input.raw('value') === '') throw missingValue('value');
        const timestamp = input.requiredInt('timestamp');
        const step = input.int('step') ?? 0;
        const modelFields = readModelFields(
          { model_id: input.raw('model_id'), dataset_name: input.raw('dataset_name'), dataset_digest: input.raw('dataset_digest') },
          '',
        );
        await logging.logMetric(db, runId, { key, value, timestamp, step, ...modelFields });
        return {};
      },
    },
    {
      method: 'POST',
      path: '/mlflow/runs/log-parameter',
      handler: async ({ input }) => {
        const runId = runIdOrUuid(input);
        const key = input.requiredString('key');
        await logging.logParam(db, runId, { key, value: input.string('value') ?? '' });
        return {};
      },
    },
    {
      method: 'POST',
      path: '/mlflow/runs/set-tag',
      handler: async ({ input }) => {
        const runId = runIdOrUuid(input);
        const key = input.requiredString('key');
        await logging.setTag(db, runId, { key, value: input.string('value') ?? '' });
        return {};
      },
    },
    {
      method: 'POST',
      path: '/mlflow/runs/delete-tag',
      handler: async ({ input }) => {
        const runId = input.requiredString('run_id');
        await logging.deleteTag(db, runId, input.requiredString('key'));
        return {};
      },
    },
    {
      method: 'POST',
      path: '/mlflow/runs/log-batch',
      handler: async ({ input }) => {
        const runId = input.requiredString('run_id');
        const metrics = readMetrics(input);
        const params = readKeyValues(input, 'params');
        const tags = readKeyValues(input, 'tags');
        await logging.logBatch(db, runId, { metrics, params, tags });
        return {};
      },
    },
    {
      method: 'POST',
      path: '/mlflow/runs/log-inputs',
      handler: async ({ input }) => {
        const runId = input.requiredString('run_id');
        // MLflow 2 requires datasets; MLflow 3 clients may log only model inputs.
        if (!input.has('datasets') && !input.has('models')) throw missingValue('datasets');
        const modelIds = input.objectList('models').map((item, index) => itemString(item, 'model_id', `models[${index}]`, true));
        await logging.logInputs(db, runId, readDatasetInputs(input), modelIds);
        return {};
      },
    },
    {
      method: 'POST',
      path: '/mlflow/runs/log-model',
      handler: async ({ input }) => {
        const runId = input.requiredString('run_id');
        await logging.logModel(db, runId, input.requiredString('model_json'));
        return {};
      },
    },
    {
      method: 'POST',
      path: '/mlflow/experiments/search-datasets',
      ajaxOnly: true,
      handler: ({ input }) => searchDatasets(db, limitedExperimentIds(input.stringList('experiment_ids'))),
    },
  ];
}
