// What a user wants to know from a model's MLmodel file: its flavors, versions, size and its
// input/output signature (MLflow stores the schemas as JSON strings inside the YAML).
import { parseYaml, type YamlValue } from '../../lib/yaml';

export interface SignatureColumn {
  /** Column name; tensors and unnamed columns have none. */
  name: string | undefined;
  /** Readable type: `double`, `array<string>`, `tensor float32 (-1, 3)`, `object {a: long}`. */
  type: string;
  required: boolean;
}

export interface SignatureParam {
  name: string;
  type: string;
  defaultValue: string;
  shape: string | undefined;
}

export interface ModelSignature {
  inputs: SignatureColumn[] | undefined;
  outputs: SignatureColumn[] | undefined;
  params: SignatureParam[] | undefined;
}

export interface MlModelFlavor {
  name: string;
  /** Flat `key: value` details (nested maps become `env.conda`). */
  details: { key: string; value: string }[];
}

export interface MlModelSummary {
  artifactPath: string | undefined;
  flavors: MlModelFlavor[];
  /** `mlflow.sklearn`… from the python_function flavor. */
  loaderModule: string | undefined;
  pythonVersion: string | undefined;
  mlflowVersion: string | undefined;
  modelSizeBytes: number | undefined;
  modelUuid: string | undefined;
  runId: string | undefined;
  createdAt: string | undefined;
  signature: ModelSignature | undefined;
  inputExample: { path: string; type: string | undefined } | undefined;
  /** Fields not covered above, flattened. */
  other: { key: string; value: string }[];
}

const KNOWN_KEYS = new Set([
  'artifact_path',
  'flavors',
  'mlflow_version',
  'model_size_bytes',
  'model_uuid',
  'run_id',
  'utc_time_created',
  'signature',
  'saved_input_example_info',
]);

function isMap(value: YamlValue | undefined): value is { [key: string]: YamlValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: YamlValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** `{a: {b: 1}, c: [1]}` → `a.b = 1`, `c = [1]`. */
export function flatten(value: YamlValue, prefix = ''): { key: string; value: string }[] {
  if (isMap(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return prefix ? [{ key: prefix, value: '{}' }] : [];
    return entries.flatMap(([key, item]) => flatten(item, prefix ? `${prefix}.${key}` : key));
  }
  return [{ key: prefix, value: value === null ? 'null' : (text(value) ?? '') }];
}

/** Readable type of one MLflow schema entry (column spec, tensor spec, array/object/map types). */
export function describeSchemaType(spec: unknown): string {
  if (typeof spec !== 'object' || spec === null) return typeof spec === 'string' ? spec : 'unknown';
  const record = spec as Record<string, unknown>;
  const type = typeof record.type === 'string' ? record.type : 'unknown';
  if (type === 'tensor') {
    const tensor = (record['tensor-spec'] ?? {}) as { dtype?: unknown; shape?: unknown };
    const dtype = typeof tensor.dtype === 'string' ? tensor.dtype : '?';
    const shape = Array.isArray(tensor.shape) ? ` (${tensor.shape.map(String).join(', ')})` : '';
    return `tensor ${dtype}${shape}`;
  }
  if (type === 'array') return `array<${describeSchemaType(record.items)}>`;
  if (type === 'map') return `map<string, ${describeSchemaType(record.values)}>`;
  if (type === 'object') {
    const properties = typeof record.properties === 'object' && record.properties !== null ? (record.properties as Record<string, unknown>) : {};
    const inner = Object.entries(properties)
      .map(([key, value]) => `${key}: ${describeSchemaType(value)}`)
      .join(', ');
    return `object {${inner}}`;
  }
  return type;
}

/** Columns of a signature schema (JSON string as stored in MLmodel); undefined when absent or unreadable. */
export function parseSchema(json: string | undefined): SignatureColumn[] | undefined {
  if (!json) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  return parsed.map((entry: unknown) => {
    const record = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    return {
      name: typeof record.name === 'string' ? record.name : undefined,
      type: describeSchemaType(entry),
      required: record.required !== false,
    };
  });
}

export function parseParamsSchema(json: string | undefined): SignatureParam[] | undefined {
  if (!json) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  return parsed.map((entry: unknown) => {
    const record = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    return {
      name: typeof record.name === 'string' ? record.name : '',
      type: typeof record.type === 'string' ? record.type : 'unknown',
      defaultValue: record.default === undefined ? '' : JSON.stringify(record.default),
      shape: Array.isArray(record.shape) ? `(${record.shape.map(String).join(', ')})` : undefined,
    };
  });
}

/** Reads an MLmodel file. @throws YamlError when the YAML cannot be read. */
export function summarizeMlModel(source: string): MlModelSummary {
  const document = parseYaml(source);
  const root = isMap(document) ? document : {};
  const flavorsNode = root.flavors;
  const flavors: MlModelFlavor[] = isMap(flavorsNode)
    ? Object.entries(flavorsNode).map(([name, details]) => ({ name, details: details === null ? [] : flatten(details) }))
    : [];
  const pyfunc = isMap(flavorsNode) && isMap(flavorsNode.python_function) ? flavorsNode.python_function : undefined;
  const signatureNode = root.signature;
  const signature = isMap(signatureNode)
    ? {
        inputs: parseSchema(text(signatureNode.inputs)),
        outputs: parseSchema(text(signatureNode.outputs)),
        params: parseParamsSchema(text(signatureNode.params)),
      }
    : undefined;
  const example = root.saved_input_example_info;
  const size = root.model_size_bytes;
  return {
    artifactPath: text(root.artifact_path),
    flavors,
    loaderModule: text(pyfunc?.loader_module),
    pythonVersion: text(pyfunc?.python_version),
    mlflowVersion: text(root.mlflow_version),
    modelSizeBytes: typeof size === 'number' ? size : undefined,
    modelUuid: text(root.model_uuid),
    runId: text(root.run_id),
    createdAt: text(root.utc_time_created),
    signature,
    inputExample: isMap(example) && typeof example.artifact_path === 'string' ? { path: example.artifact_path, type: text(example.type) } : undefined,
    other: Object.entries(root)
      .filter(([key]) => !KNOWN_KEYS.has(key))
      .flatMap(([key, value]) => flatten(value, key)),
  };
}
