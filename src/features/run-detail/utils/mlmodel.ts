// Reading an MLmodel file (YAML) or a `mlflow.log-model.history` entry (JSON) into a summary.
import { parseYaml } from '../../../lib/yaml';

export interface SignatureColumn {
  name: string;
  type: string;
  required: boolean;
}

export interface ModelSummary {
  artifactPath: string;
  flavors: { name: string; details: [string, string][] }[];
  runId: string;
  modelUuid: string;
  mlflowVersion: string;
  createdAt: string;
  sizeBytes: number | undefined;
  inputs: SignatureColumn[] | undefined;
  outputs: SignatureColumn[] | undefined;
  params: SignatureColumn[] | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A signature part is a JSON string (or already a list) of column or tensor specs. */
export function parseSignatureColumns(value: unknown): SignatureColumn[] | undefined {
  let list: unknown = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(list)) return undefined;
  return list.filter(isRecord).map((spec, index) => {
    const tensor = spec['tensor-spec'];
    let type = text(spec.type);
    if (type === 'tensor' && isRecord(tensor)) {
      const shape = Array.isArray(tensor.shape) ? `(${tensor.shape.map(text).join(', ')})` : '';
      type = `tensor ${text(tensor.dtype)}${shape}`;
    } else if (type === 'array' && isRecord(spec.items)) {
      type = `array<${text(spec.items.type)}>`;
    }
    const unnamed = (list as unknown[]).length > 1 ? `#${index}` : '(unnamed)';
    return { name: text(spec.name) || unnamed, type, required: spec.required !== false };
  });
}

export function summarizeModel(value: unknown): ModelSummary {
  if (!isRecord(value)) throw new Error('An MLmodel file holds a mapping');
  const flavors = isRecord(value.flavors)
    ? Object.entries(value.flavors).map(([name, details]) => ({
        name,
        details: isRecord(details)
          ? Object.entries(details)
              .filter(([, detail]) => detail !== null && !isRecord(detail))
              .map(([key, detail]): [string, string] => [key, text(detail)])
          : [],
      }))
    : [];
  const signature = isRecord(value.signature) ? value.signature : {};
  const size = value.model_size_bytes;
  return {
    artifactPath: text(value.artifact_path),
    flavors,
    runId: text(value.run_id),
    modelUuid: text(value.model_uuid ?? value.model_id),
    mlflowVersion: text(value.mlflow_version),
    createdAt: text(value.utc_time_created),
    sizeBytes: typeof size === 'number' ? size : undefined,
    inputs: parseSignatureColumns(signature.inputs),
    outputs: parseSignatureColumns(signature.outputs),
    params: parseSignatureColumns(signature.params),
  };
}

export function parseMlModel(source: string): ModelSummary {
  return summarizeModel(parseYaml(source));
}

/** Entries of the run tag `mlflow.log-model.history` (a JSON list of MLmodel dicts). */
export function parseLogModelHistory(tagValue: string | undefined): ModelSummary[] {
  if (!tagValue) return [];
  try {
    const list = JSON.parse(tagValue) as unknown;
    if (!Array.isArray(list)) return [];
    return list.filter(isRecord).map((entry) => summarizeModel(entry));
  } catch {
    return [];
  }
}
