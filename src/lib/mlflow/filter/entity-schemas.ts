// What each search accepts: identifier prefixes, attribute keys (with aliases), operators and
// value kinds. Mirrors MLflow 2.17's search_utils.py + SQLAlchemy stores as recorded in
// shared/golden (see the tests for the recorded refusals).

import type { FilterClauseType, FilterOp, OrderByClauseType, SearchEntity } from './types.js';

export type ValueKind = 'number' | 'string';

export interface FieldRule {
  valueKind: ValueKind;
  /** Allowed operators; IN / NOT IN here means the field takes a list. */
  ops: readonly FilterOp[];
  /** IN lists keep values with upper-case letters (trace statuses); run ids are lower-case, see checkValue. */
  keepCase?: boolean;
}

export interface KeyedField {
  canonical: string;
  rule: FieldRule;
}

export interface FilterSchema {
  /** Accepted `<type>.` prefixes (case-sensitive, as in MLflow) and what they mean. */
  prefixes: ReadonlyMap<string, FilterClauseType>;
  invalidPrefixMessage: (prefix: string) => string;
  /** Attribute keys (aliases included) -> canonical key and rule. */
  attributes: ReadonlyMap<string, KeyedField>;
  /** Dataset keys, only for runs. */
  datasets?: ReadonlyMap<string, KeyedField>;
  /** Rules for free-form keys (any metric / param / tag name). */
  freeKeyRules: Partial<Record<'metric' | 'param' | 'tag' | 'request_metadata', FieldRule>>;
}

export interface OrderBySchema {
  /** null: the clause must be a bare key, no prefix at all (registered models). */
  prefixes: ReadonlyMap<string, FilterClauseType> | null;
  invalidPrefixMessage: (prefix: string) => string;
  /** Types that may be ordered by; others fail with "Invalid order_by entity". */
  orderableTypes: ReadonlySet<OrderByClauseType>;
  /** Attribute keys (aliases included) -> canonical key. */
  attributes: ReadonlyMap<string, string>;
  invalidAttributeMessage: (key: string) => string;
  /** MLflow refuses the same field twice for every search but experiments. */
  rejectDuplicates: boolean;
}

const NUMERIC_OPS: readonly FilterOp[] = ['=', '!=', '<', '<=', '>', '>='];
const STRING_OPS: readonly FilterOp[] = ['=', '!=', 'LIKE', 'ILIKE'];
const LIST_OPS: readonly FilterOp[] = ['IN', 'NOT IN'];

const NUMBER_FIELD: FieldRule = { valueKind: 'number', ops: NUMERIC_OPS };
const STRING_FIELD: FieldRule = { valueKind: 'string', ops: STRING_OPS };
const STRING_OR_LIST_FIELD: FieldRule = { valueKind: 'string', ops: [...STRING_OPS, ...LIST_OPS] };
// Model versions accept IN for run_id but not NOT IN (the registry store refuses it).
const STRING_OR_IN_FIELD: FieldRule = { valueKind: 'string', ops: [...STRING_OPS, 'IN'] };

/** Python's repr of a set of strings, sorted, as MLflow's messages print them: {'a', 'b'}. */
export function formatPySet(items: Iterable<string>): string {
  return `{${[...items]
    .sort()
    .map((item) => `'${item}'`)
    .join(', ')}}`;
}

function fields(entries: ReadonlyArray<readonly [string, string, FieldRule]>): ReadonlyMap<string, KeyedField> {
  return new Map(entries.map(([key, canonical, rule]) => [key, { canonical, rule }]));
}

const RUN_PREFIXES: ReadonlyMap<string, FilterClauseType> = new Map<string, FilterClauseType>([
  ['metric', 'metric'],
  ['metrics', 'metric'],
  ['parameter', 'param'],
  ['parameters', 'param'],
  ['param', 'param'],
  ['params', 'param'],
  ['tag', 'tag'],
  ['tags', 'tag'],
  ['attribute', 'attribute'],
  ['attributes', 'attribute'],
  ['attr', 'attribute'],
  ['run', 'attribute'],
  ['dataset', 'dataset'],
  ['datasets', 'dataset'],
]);

// Experiments and the registry only know these three prefixes (even `attributes.` is refused).
const REGISTRY_STYLE_PREFIXES: ReadonlyMap<string, FilterClauseType> = new Map<string, FilterClauseType>([
  ['attribute', 'attribute'],
  ['tag', 'tag'],
  ['tags', 'tag'],
]);

// Traces (MLflow's SearchTraceUtils): attributes, tags and request metadata (`metadata.` in MLflow 3).
const TRACE_PREFIXES: ReadonlyMap<string, FilterClauseType> = new Map<string, FilterClauseType>([
  ['attribute', 'attribute'],
  ['attributes', 'attribute'],
  ['tag', 'tag'],
  ['tags', 'tag'],
  ['request_metadata', 'request_metadata'],
  ['metadata', 'request_metadata'],
]);
const tracePrefixMessage = (prefix: string): string =>
  `Invalid entity type '${prefix}'. Valid entity types are ('attribute', 'attributes', 'metadata', 'request_metadata', 'tag', 'tags')`;

const runPrefixMessage = (prefix: string): string =>
  `Invalid entity type '${prefix}'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']`;
const registryStylePrefixMessage = (prefix: string): string =>
  `Invalid entity type '${prefix}'. Valid entity types are ('attribute', 'tag', 'tags')`;

const FILTER_SCHEMAS: Readonly<Record<SearchEntity, FilterSchema>> = {
  runs: {
    prefixes: RUN_PREFIXES,
    invalidPrefixMessage: runPrefixMessage,
    attributes: fields([
      ['run_id', 'run_id', STRING_OR_LIST_FIELD],
      ['run_name', 'run_name', STRING_FIELD],
      // UI column titles MLflow accepts as aliases in filters (not in order_by).
      ['run name', 'run_name', STRING_FIELD],
      ['Run name', 'run_name', STRING_FIELD],
      ['Run Name', 'run_name', STRING_FIELD],
      ['status', 'status', STRING_FIELD],
      ['user_id', 'user_id', STRING_FIELD],
      ['artifact_uri', 'artifact_uri', STRING_FIELD],
      ['start_time', 'start_time', NUMBER_FIELD],
      ['created', 'start_time', NUMBER_FIELD],
      ['Created', 'start_time', NUMBER_FIELD],
      ['end_time', 'end_time', NUMBER_FIELD],
    ]),
    datasets: fields([
      ['name', 'name', STRING_OR_LIST_FIELD],
      ['digest', 'digest', STRING_OR_LIST_FIELD],
      ['context', 'context', STRING_OR_LIST_FIELD],
    ]),
    freeKeyRules: { metric: NUMBER_FIELD, param: STRING_FIELD, tag: STRING_FIELD },
  },
  experiments: {
    prefixes: REGISTRY_STYLE_PREFIXES,
    invalidPrefixMessage: registryStylePrefixMessage,
    attributes: fields([
      ['name', 'name', STRING_FIELD],
      ['creation_time', 'creation_time', NUMBER_FIELD],
      ['last_update_time', 'last_update_time', NUMBER_FIELD],
    ]),
    freeKeyRules: { tag: STRING_FIELD },
  },
  registered_models: {
    prefixes: REGISTRY_STYLE_PREFIXES,
    invalidPrefixMessage: registryStylePrefixMessage,
    attributes: fields([['name', 'name', STRING_FIELD]]),
    freeKeyRules: { tag: STRING_FIELD },
  },
  model_versions: {
    prefixes: REGISTRY_STYLE_PREFIXES,
    invalidPrefixMessage: registryStylePrefixMessage,
    attributes: fields([
      ['name', 'name', STRING_FIELD],
      ['run_id', 'run_id', STRING_OR_IN_FIELD],
      ['source_path', 'source_path', STRING_FIELD],
      ['version_number', 'version_number', NUMBER_FIELD],
    ]),
    freeKeyRules: { tag: STRING_FIELD },
  },
  traces: {
    prefixes: TRACE_PREFIXES,
    invalidPrefixMessage: tracePrefixMessage,
    // `name` and `run_id` stand for the tag mlflow.traceName and the metadata mlflow.sourceRun;
    // the server maps them (traceFieldTarget in mock-server/services/traces.ts).
    attributes: fields([
      ['request_id', 'request_id', STRING_OR_LIST_FIELD],
      ['trace_id', 'request_id', STRING_OR_LIST_FIELD],
      ['timestamp', 'timestamp_ms', NUMBER_FIELD],
      ['timestamp_ms', 'timestamp_ms', NUMBER_FIELD],
      ['execution_time', 'execution_time_ms', NUMBER_FIELD],
      ['execution_time_ms', 'execution_time_ms', NUMBER_FIELD],
      ['status', 'status', { ...STRING_OR_LIST_FIELD, keepCase: true }],
      ['state', 'status', { ...STRING_OR_LIST_FIELD, keepCase: true }],
      ['name', 'name', STRING_FIELD],
      ['run_id', 'run_id', STRING_FIELD],
    ]),
    freeKeyRules: { tag: STRING_FIELD, request_metadata: STRING_FIELD },
  },
};

function keyMap(entries: ReadonlyArray<readonly [string, string]>): ReadonlyMap<string, string> {
  return new Map(entries);
}

function invalidAttributeKey(valid: Iterable<string>): (key: string) => string {
  const listed = formatPySet(valid);
  return (key) => `Invalid attribute key '${key}' specified. Valid keys are '${listed}'`;
}

const RUN_ORDER_KEYS = keyMap([
  ['run_id', 'run_id'],
  ['run_name', 'run_name'],
  ['status', 'status'],
  ['user_id', 'user_id'],
  ['artifact_uri', 'artifact_uri'],
  ['start_time', 'start_time'],
  ['created', 'start_time'],
  ['Created', 'start_time'],
  ['end_time', 'end_time'],
]);
const EXPERIMENT_ORDER_KEYS = keyMap([
  ['name', 'name'],
  ['experiment_id', 'experiment_id'],
  ['creation_time', 'creation_time'],
  ['last_update_time', 'last_update_time'],
]);
const REGISTERED_MODEL_ORDER_KEYS = keyMap([
  ['name', 'name'],
  ['timestamp', 'last_updated_timestamp'],
  ['last_updated_timestamp', 'last_updated_timestamp'],
]);
const MODEL_VERSION_ORDER_KEYS = keyMap([
  ['name', 'name'],
  ['version_number', 'version_number'],
  ['creation_timestamp', 'creation_timestamp'],
  ['last_updated_timestamp', 'last_updated_timestamp'],
]);

const TRACE_ORDER_KEYS = keyMap([
  ['experiment_id', 'experiment_id'],
  ['request_id', 'request_id'],
  ['trace_id', 'request_id'],
  ['timestamp', 'timestamp_ms'],
  ['timestamp_ms', 'timestamp_ms'],
  ['execution_time', 'execution_time_ms'],
  ['execution_time_ms', 'execution_time_ms'],
  ['status', 'status'],
  ['state', 'status'],
  ['name', 'name'],
  ['run_id', 'run_id'],
]);

const ATTRIBUTES_ONLY: ReadonlySet<OrderByClauseType> = new Set<OrderByClauseType>(['attribute']);

const ORDER_BY_SCHEMAS: Readonly<Record<SearchEntity, OrderBySchema>> = {
  runs: {
    prefixes: RUN_PREFIXES,
    invalidPrefixMessage: runPrefixMessage,
    orderableTypes: new Set<OrderByClauseType>(['metric', 'param', 'tag', 'attribute']),
    attributes: RUN_ORDER_KEYS,
    invalidAttributeMessage: invalidAttributeKey(RUN_ORDER_KEYS.keys()),
    rejectDuplicates: true,
  },
  experiments: {
    prefixes: REGISTRY_STYLE_PREFIXES,
    invalidPrefixMessage: registryStylePrefixMessage,
    orderableTypes: ATTRIBUTES_ONLY,
    attributes: EXPERIMENT_ORDER_KEYS,
    invalidAttributeMessage: invalidAttributeKey(EXPERIMENT_ORDER_KEYS.keys()),
    rejectDuplicates: false,
  },
  registered_models: {
    prefixes: null,
    invalidPrefixMessage: registryStylePrefixMessage,
    orderableTypes: ATTRIBUTES_ONLY,
    attributes: REGISTERED_MODEL_ORDER_KEYS,
    // MLflow only advertises the recommended keys here, not last_updated_timestamp.
    invalidAttributeMessage: (key) =>
      `Invalid order by key '${key}' specified. Valid keys are '${formatPySet(['name', 'timestamp'])}'`,
    rejectDuplicates: true,
  },
  model_versions: {
    prefixes: REGISTRY_STYLE_PREFIXES,
    invalidPrefixMessage: registryStylePrefixMessage,
    orderableTypes: ATTRIBUTES_ONLY,
    attributes: MODEL_VERSION_ORDER_KEYS,
    invalidAttributeMessage: invalidAttributeKey(MODEL_VERSION_ORDER_KEYS.keys()),
    rejectDuplicates: true,
  },
  traces: {
    prefixes: TRACE_PREFIXES,
    invalidPrefixMessage: tracePrefixMessage,
    orderableTypes: new Set<OrderByClauseType>(['attribute', 'tag', 'request_metadata']),
    attributes: TRACE_ORDER_KEYS,
    invalidAttributeMessage: invalidAttributeKey(TRACE_ORDER_KEYS.keys()),
    rejectDuplicates: true,
  },
};

export function filterSchemaFor(entity: SearchEntity): FilterSchema {
  return schemaFor(FILTER_SCHEMAS, entity);
}

export function orderBySchemaFor(entity: SearchEntity): OrderBySchema {
  return schemaFor(ORDER_BY_SCHEMAS, entity);
}

// Guards plain-JS callers (query strings, tests) passing an entity name TypeScript never saw.
function schemaFor<T>(schemas: Readonly<Record<SearchEntity, T>>, entity: SearchEntity): T {
  if (!Object.prototype.hasOwnProperty.call(schemas, entity)) {
    throw new TypeError(`Unknown search entity '${String(entity)}'`);
  }
  return schemas[entity];
}
