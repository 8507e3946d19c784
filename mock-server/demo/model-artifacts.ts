// The files of a logged MLflow model (an `MLmodel` directory) as MLflow 2.17 writes them, and the
// matching `runs/log-model` entry. Contents are small but shaped like the real thing.
import type { Random } from './random.js';

export const MLFLOW_VERSION = '2.17.2';
const PYTHON_VERSION = '3.11.9';

export type ModelFlavor = 'pytorch' | 'sklearn';

export interface ModelSpec {
  flavor: ModelFlavor;
  /** Extra pip requirements besides mlflow. */
  requirements: string[];
  /** MLflow signature column/tensor specs, as JSON-encoded lists (the way MLmodel stores them). */
  signatureInputs: unknown[];
  signatureOutputs: unknown[];
  /** Numbers stored in the pickled payload (e.g. a few weights). */
  weights: number[];
  className: string;
}

export interface ModelFiles {
  files: { path: string; content: Buffer | string; contentType: string }[];
  /** The dict `runs/log-model` takes as `model_json`. */
  modelJson: Record<string, unknown>;
}

/** Python's `json.dumps` spacing (`", "` and `": "`), which MLflow uses inside MLmodel. */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => `${JSON.stringify(key)}: ${pythonJson(item)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** `2025-09-02 10:15:31.123456`, the `utc_time_created` format. */
function utcTimeCreated(epochMs: number, random: Random): string {
  const iso = new Date(Math.round(epochMs)).toISOString(); // 2025-09-02T10:15:31.123Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}${String(random.int(0, 999)).padStart(3, '0')}`;
}

/**
 * A genuine pickle (protocol 4) of `{"model_class": str, "weights": [float, ...]}`: enough for
 * `pickle.loads` to succeed, so the bytes are honest even if no real model is inside.
 */
export function pickleModelPayload(className: string, weights: readonly number[]): Buffer {
  const parts: Buffer[] = [Buffer.from([0x80, 0x04]), Buffer.from('}(', 'latin1')];
  const shortString = (text: string): Buffer => {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length > 255) throw new Error('pickle short string too long');
    return Buffer.concat([Buffer.from([0x8c, bytes.length]), bytes]);
  };
  parts.push(shortString('model_class'), shortString(className));
  parts.push(shortString('weights'), Buffer.from('](', 'latin1'));
  for (const weight of weights) {
    const float = Buffer.alloc(9);
    float[0] = 0x47; // BINFLOAT, big-endian double
    float.writeDoubleBE(weight, 1);
    parts.push(float);
  }
  parts.push(Buffer.from('eu.', 'latin1')); // APPENDS, SETITEMS, STOP
  return Buffer.concat(parts);
}

function flavorsYaml(spec: ModelSpec): { yaml: string; json: Record<string, unknown> } {
  if (spec.flavor === 'pytorch') {
    const pytorchVersion = '2.4.1';
    return {
      yaml: [
        'flavors:',
        '  python_function:',
        '    data: model.pkl',
        '    env:',
        '      conda: conda.yaml',
        '      virtualenv: python_env.yaml',
        '    loader_module: mlflow.pytorch',
        '    pickle_module_name: mlflow.pytorch.pickle_module',
        `    python_version: ${PYTHON_VERSION}`,
        '  pytorch:',
        '    code: null',
        '    model_data: model.pkl',
        `    pytorch_version: ${pytorchVersion}`,
      ].join('\n'),
      json: {
        python_function: {
          data: 'model.pkl',
          env: { conda: 'conda.yaml', virtualenv: 'python_env.yaml' },
          loader_module: 'mlflow.pytorch',
          pickle_module_name: 'mlflow.pytorch.pickle_module',
          python_version: PYTHON_VERSION,
        },
        pytorch: { code: null, model_data: 'model.pkl', pytorch_version: pytorchVersion },
      },
    };
  }
  const sklearnVersion = '1.5.2';
  return {
    yaml: [
      'flavors:',
      '  python_function:',
      '    env:',
      '      conda: conda.yaml',
      '      virtualenv: python_env.yaml',
      '    loader_module: mlflow.sklearn',
      '    model_path: model.pkl',
      '    predict_fn: predict',
      `    python_version: ${PYTHON_VERSION}`,
      '  sklearn:',
      '    code: null',
      '    pickled_model: model.pkl',
      '    serialization_format: cloudpickle',
      `    sklearn_version: ${sklearnVersion}`,
    ].join('\n'),
    json: {
      python_function: {
        env: { conda: 'conda.yaml', virtualenv: 'python_env.yaml' },
        loader_module: 'mlflow.sklearn',
        model_path: 'model.pkl',
        predict_fn: 'predict',
        python_version: PYTHON_VERSION,
      },
      sklearn: { code: null, pickled_model: 'model.pkl', serialization_format: 'cloudpickle', sklearn_version: sklearnVersion },
    },
  };
}

/** The `model/` directory of a run and its log-model entry. */
export function buildModelFiles(spec: ModelSpec, runId: string, createdAt: number, random: Random): ModelFiles {
  const pickle = pickleModelPayload(spec.className, spec.weights);
  const requirements = [`mlflow==${MLFLOW_VERSION}`, ...spec.requirements].join('\n') + '\n';
  const conda = [
    'channels:',
    '- conda-forge',
    'dependencies:',
    `- python=${PYTHON_VERSION}`,
    '- pip<=24.2',
    '- pip:',
    ...[`mlflow==${MLFLOW_VERSION}`, ...spec.requirements].map((requirement) => `  - ${requirement}`),
    'name: mlflow-env',
    '',
  ].join('\n');
  const pythonEnv = [
    `python: ${PYTHON_VERSION}`,
    'build_dependencies:',
    '- pip==24.2',
    '- setuptools==74.1.2',
    '- wheel==0.44.0',
    'dependencies:',
    '- -r requirements.txt',
    '',
  ].join('\n');
  const inputs = pythonJson(spec.signatureInputs);
  const outputs = pythonJson(spec.signatureOutputs);
  const modelUuid = random.hex(32);
  const created = utcTimeCreated(createdAt, random);
  const flavors = flavorsYaml(spec);
  const sizeBytes = pickle.length + Buffer.byteLength(requirements) + Buffer.byteLength(conda) + Buffer.byteLength(pythonEnv);
  const mlmodel = [
    'artifact_path: model',
    flavors.yaml,
    `mlflow_version: ${MLFLOW_VERSION}`,
    `model_size_bytes: ${sizeBytes}`,
    `model_uuid: ${modelUuid}`,
    `run_id: ${runId}`,
    'signature:',
    `  inputs: '${inputs}'`,
    `  outputs: '${outputs}'`,
    '  params: null',
    `utc_time_created: '${created}'`,
    '',
  ].join('\n');
  return {
    files: [
      { path: 'model/MLmodel', content: mlmodel, contentType: 'text/plain' },
      { path: 'model/model.pkl', content: pickle, contentType: 'application/octet-stream' },
      { path: 'model/requirements.txt', content: requirements, contentType: 'text/plain' },
      { path: 'model/conda.yaml', content: conda, contentType: 'application/x-yaml' },
      { path: 'model/python_env.yaml', content: pythonEnv, contentType: 'application/x-yaml' },
    ],
    modelJson: {
      run_id: runId,
      artifact_path: 'model',
      utc_time_created: created,
      flavors: flavors.json,
      model_uuid: modelUuid,
      mlflow_version: MLFLOW_VERSION,
      signature: { inputs, outputs, params: null },
      model_size_bytes: sizeBytes,
    },
  };
}
