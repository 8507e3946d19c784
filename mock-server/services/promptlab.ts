// `create-promptlab-run` (MLflow's prompt engineering UI): one finished run that records a prompt
// evaluation, as MLflow 2.17's handler makes it: the model's parameters, route and prompt template
// as params; `mlflow.runSourceType = PROMPT_ENGINEERING` and `mlflow.loggedArtifacts` naming the
// evaluation table as tags; `eval_results_table.json` (prompt parameters, prompt, output and output
// parameters as one row) and a pyfunc `model/` folder as artifacts.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { stringify as toYaml } from 'yaml';
import type { Run } from '../../src/lib/mlflow/wire-types.js';
import { invalidParameter } from '../errors.js';
import { joinLocation, locateArtifactUri } from './artifacts.js';
import { emptyMetricColumns, logBatch, logModel, pyJsonDumps, type KeyValueInput } from './run-logging.js';
import { createRun, getRun, updateRun } from './runs.js';
import type { ServerContext } from './server-context.js';

export const EVAL_RESULTS_FILE = 'eval_results_table.json';
const MODEL_FOLDER = 'model';

export interface PromptlabRunInput {
  experimentId?: string;
  runName?: string;
  tags: KeyValueInput[];
  promptTemplate?: string;
  promptParameters: KeyValueInput[];
  modelRoute?: string;
  modelParameters: KeyValueInput[];
  modelInput?: string;
  modelOutput?: string;
  modelOutputParameters: KeyValueInput[];
  mlflowVersion?: string;
  userId?: string;
  startTime?: number;
}

/** MLflow refuses each missing (or empty) required field in this order, with this wording. */
function requirePresent<T>(name: string, value: T | undefined): T {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    throw invalidParameter(`CreatePromptlabRun request must specify ${name}.`);
  }
  return value;
}

/** The evaluation table: one row of prompt parameters, the prompt, the output and its parameters. */
function evalResultsTable(input: PromptlabRunInput): string {
  const columns = [
    ...input.promptParameters.map((param) => param.key),
    'prompt',
    'output',
    ...input.modelOutputParameters.map((param) => param.key),
  ];
  const row = [
    ...input.promptParameters.map((param) => param.value),
    input.modelInput ?? null,
    input.modelOutput ?? null,
    ...input.modelOutputParameters.map((param) => param.value),
  ];
  return pyJsonDumps({ columns, data: [row] });
}

function utcTimestamp(now: Date): string {
  return now.toISOString().replace('T', ' ').replace('Z', '000');
}

export async function createPromptlabRun(context: ServerContext, input: PromptlabRunInput): Promise<{ run: Run }> {
  const experimentId = requirePresent('experiment_id', input.experimentId);
  const promptTemplate = requirePresent('prompt_template', input.promptTemplate);
  requirePresent('prompt_parameters', input.promptParameters);
  const modelRoute = requirePresent('model_route', input.modelRoute);
  requirePresent('model_input', input.modelInput);
  const mlflowVersion = requirePresent('mlflow_version', input.mlflowVersion);

  const created = await createRun(context.db, {
    experimentId,
    userId: input.userId || 'unknown',
    startTime: input.startTime ?? Date.now(),
    runName: input.runName,
    tags: input.tags,
  });
  const runId = created.info.run_id;
  try {
    await logBatch(context.db, runId, {
      metrics: emptyMetricColumns(0),
      params: [...input.modelParameters, { key: 'model_route', value: modelRoute }, { key: 'prompt_template', value: promptTemplate }],
      tags: [
        { key: 'mlflow.loggedArtifacts', value: pyJsonDumps([{ path: EVAL_RESULTS_FILE, type: 'table' }]) },
        { key: 'mlflow.runSourceType', value: 'PROMPT_ENGINEERING' },
      ],
    });
    const now = new Date();
    const modelInfo = {
      artifact_path: MODEL_FOLDER,
      flavors: { python_function: { loader_module: 'mlflow._promptlab', env: { virtualenv: 'python_env.yaml' } } },
      mlflow_version: mlflowVersion,
      model_uuid: randomUUID().replaceAll('-', ''),
      run_id: runId,
      utc_time_created: utcTimestamp(now),
    };
    const root = await locateArtifactUri(context, created.info.artifact_uri ?? '');
    const files: [string, string][] = [
      [EVAL_RESULTS_FILE, evalResultsTable(input)],
      [`${MODEL_FOLDER}/MLmodel`, toYaml(modelInfo)],
      [`${MODEL_FOLDER}/requirements.txt`, `mlflow==${mlflowVersion}\n`],
      [`${MODEL_FOLDER}/python_env.yaml`, toYaml({ dependencies: ['-r requirements.txt'] })],
    ];
    for (const [path, text] of files) {
      const target = joinLocation(root, path);
      await target.store.write(target.path, Readable.from([Buffer.from(text, 'utf8')]));
    }
    await logModel(context.db, runId, JSON.stringify(modelInfo));
    await updateRun(context.db, runId, { status: 'FINISHED', endTime: Date.now() });
  } catch (error) {
    await updateRun(context.db, runId, { status: 'FAILED', endTime: Date.now() });
    throw error;
  }
  return { run: await getRun(context.db, runId) };
}
