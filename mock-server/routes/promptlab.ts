// `/ajax-api/2.0/mlflow/runs/create-promptlab-run` (UI-only, like MLflow's): read the request's
// fields as MLflow's handler reads them, call the service, answer `{run}`.
import type { RequestInput } from '../http/request-input.js';
import type { Endpoint } from '../http/router.js';
import { createPromptlabRun } from '../services/promptlab.js';
import type { KeyValueInput } from '../services/run-logging.js';
import type { ServerContext } from '../services/server-context.js';

/** A list item's field as text: MLflow takes the items' fields as they are (missing ones become ''). */
function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** `[{key, value}]` lists. */
function keyValues(input: RequestInput, name: string): KeyValueInput[] {
  return input.objectList(name).map((item) => ({ key: asText(item.key), value: asText(item.value) }));
}

export function promptlabEndpoints(context: ServerContext): Endpoint[] {
  return [
    {
      method: 'POST',
      path: '/mlflow/runs/create-promptlab-run',
      ajaxOnly: true,
      handler: ({ input }) =>
        createPromptlabRun(context, {
          experimentId: input.string('experiment_id'),
          runName: input.string('run_name') || undefined,
          tags: keyValues(input, 'tags'),
          promptTemplate: input.string('prompt_template'),
          promptParameters: keyValues(input, 'prompt_parameters'),
          modelRoute: input.string('model_route'),
          modelParameters: keyValues(input, 'model_parameters'),
          modelInput: input.string('model_input'),
          modelOutput: input.string('model_output'),
          modelOutputParameters: keyValues(input, 'model_output_parameters'),
          mlflowVersion: input.string('mlflow_version'),
          userId: input.string('user_id'),
          startTime: input.int('start_time'),
        }),
    },
  ];
}
