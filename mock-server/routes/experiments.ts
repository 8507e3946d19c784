// Experiment endpoints: parse and validate the request, call the service, reply.
import { VIEW_TYPES } from '../../src/lib/mlflow/wire-types.js';
import type { Endpoint } from '../http/router.js';
import type { RequestInput } from '../http/request-input.js';
import * as experiments from '../services/experiments.js';
import type { ServerContext } from '../services/server-context.js';
import { limitedFilter, limitedOrderBy } from '../services/validation.js';

function readTags(input: RequestInput): { key: string; value: string }[] {
  return input.objectList('tags').map((tag) => ({
    key: typeof tag.key === 'string' ? tag.key : '',
    value: typeof tag.value === 'string' ? tag.value : '',
  }));
}

function searchHandler({ db }: ServerContext) {
  return ({ input }: { input: RequestInput }) =>
    experiments.searchExperiments(db, {
      filter: limitedFilter(input.string('filter')),
      maxResults: input.int('max_results') ?? 1000,
      orderBy: limitedOrderBy(input.stringList('order_by')),
      pageToken: input.string('page_token'),
      viewType: input.enumValue('view_type', VIEW_TYPES) ?? 'ACTIVE_ONLY',
    });
}

export function experimentEndpoints(context: ServerContext): Endpoint[] {
  const { db } = context;
  return [
    {
      method: 'POST',
      path: '/mlflow/experiments/create',
      handler: async ({ input }) => {
        const name = input.requiredString('name');
        const id = await experiments.createExperiment(db, {
          name,
          artifactLocation: input.string('artifact_location') || undefined,
          defaultArtifactRoot: context.defaultArtifactRoot,
          tags: readTags(input),
        });
        return { experiment_id: id };
      },
    },
    {
      method: 'GET',
      path: '/mlflow/experiments/get',
      handler: async ({ input }) => ({ experiment: await experiments.getExperiment(db, input.requiredString('experiment_id')) }),
    },
    {
      method: 'GET',
      path: '/mlflow/experiments/get-by-name',
      handler: async ({ input }) => ({ experiment: await experiments.getExperimentByName(db, input.requiredString('experiment_name')) }),
    },
    { method: 'POST', path: '/mlflow/experiments/search', handler: searchHandler(context) },
    { method: 'GET', path: '/mlflow/experiments/search', handler: searchHandler(context) },
    {
      method: 'POST',
      path: '/mlflow/experiments/update',
      handler: async ({ input }) => {
        const id = input.requiredString('experiment_id');
        await experiments.renameExperiment(db, id, input.requiredString('new_name'));
        return {};
      },
    },
    {
      method: 'POST',
      path: '/mlflow/experiments/delete',
      handler: async ({ input }) => {
        await experiments.deleteExperiment(db, input.requiredString('experiment_id'));
        return {};
      },
    },
    {
      method: 'POST',
      path: '/mlflow/experiments/restore',
      handler: async ({ input }) => {
        await experiments.restoreExperiment(db, input.requiredString('experiment_id'));
        return {};
      },
    },
    {
      method: 'POST',
      path: '/mlflow/experiments/set-experiment-tag',
      handler: async ({ input }) => {
        const id = input.requiredString('experiment_id');
        const key = input.requiredString('key');
        await experiments.setExperimentTag(db, id, key, input.string('value') ?? '');
        return {};
      },
    },
    {
      method: 'POST',
      path: '/mlflow/experiments/delete-experiment-tag',
      handler: async ({ input }) => {
        const id = input.requiredString('experiment_id');
        await experiments.deleteExperimentTag(db, id, input.requiredString('key'));
        return {};
      },
    },
  ];
}
