// The GraphQL schema MLflow's own UI (2.17) queries at /graphql, with the field names of MLflow's
// generated schema (mlflow/server/graphql): camelCase fields over the REST API's messages. Each
// resolver answers through the REST endpoint of the same name (see `RestCall`), so validation,
// errors and basic-auth permissions are exactly those of the REST API.
import {
  buildSchema,
  GraphQLError,
  GraphQLScalarType,
  Kind,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

const SDL = /* GraphQL */ `
  directive @component(name: String!) on QUERY | MUTATION

  "Long converted to string to prevent truncation to max integer in JavaScript"
  scalar LongString

  enum MlflowRunStatus {
    RUNNING
    SCHEDULED
    FINISHED
    FAILED
    KILLED
  }
  enum MlflowViewType {
    ACTIVE_ONLY
    DELETED_ONLY
    ALL
  }
  enum MlflowModelVersionStatus {
    PENDING_REGISTRATION
    FAILED_REGISTRATION
    READY
  }

  type ErrorDetail {
    field: String
    message: String
  }
  type ApiError {
    code: String
    message: String
    helpUrl: String
    traceId: String
    errorDetails: [ErrorDetail]
  }

  type MlflowExperimentTag {
    key: String
    value: String
  }
  type MlflowExperiment {
    experimentId: String
    name: String
    artifactLocation: String
    lifecycleStage: String
    lastUpdateTime: LongString
    creationTime: LongString
    tags: [MlflowExperimentTag!]
  }
  type MlflowGetExperimentResponse {
    experiment: MlflowExperiment
    apiError: ApiError
  }

  type MlflowRunInfo {
    runId: String
    runUuid: String
    runName: String
    experimentId: String
    userId: String
    status: MlflowRunStatus
    startTime: LongString
    endTime: LongString
    artifactUri: String
    lifecycleStage: String
  }
  type MlflowMetric {
    key: String
    value: Float
    timestamp: LongString
    step: LongString
  }
  type MlflowParam {
    key: String
    value: String
  }
  type MlflowRunTag {
    key: String
    value: String
  }
  type MlflowRunData {
    metrics: [MlflowMetric!]
    params: [MlflowParam!]
    tags: [MlflowRunTag!]
  }
  type MlflowInputTag {
    key: String
    value: String
  }
  type MlflowDataset {
    name: String
    digest: String
    sourceType: String
    source: String
    schema: String
    profile: String
  }
  type MlflowDatasetInput {
    tags: [MlflowInputTag!]
    dataset: MlflowDataset
  }
  type MlflowRunInputs {
    datasetInputs: [MlflowDatasetInput!]
  }
  type MlflowModelVersionTag {
    key: String
    value: String
  }
  type MlflowModelVersion {
    name: String
    version: String
    creationTimestamp: LongString
    lastUpdatedTimestamp: LongString
    userId: String
    currentStage: String
    description: String
    source: String
    runId: String
    status: MlflowModelVersionStatus
    statusMessage: String
    tags: [MlflowModelVersionTag!]
    runLink: String
    aliases: [String]
  }
  type MlflowRunExtension {
    info: MlflowRunInfo
    data: MlflowRunData
    inputs: MlflowRunInputs
    experiment: MlflowExperiment
    modelVersions: [MlflowModelVersion!]
  }
  type MlflowGetRunResponse {
    run: MlflowRunExtension
    apiError: ApiError
  }
  type MlflowSearchRunsResponse {
    runs: [MlflowRunExtension!]
    nextPageToken: String
    apiError: ApiError
  }

  type MlflowMetricWithRunId {
    key: String
    value: Float
    timestamp: LongString
    step: LongString
    runId: String
  }
  type MlflowGetMetricHistoryBulkIntervalResponse {
    metrics: [MlflowMetricWithRunId!]
    apiError: ApiError
  }

  type MlflowFileInfo {
    path: String
    isDir: Boolean
    fileSize: LongString
  }
  type MlflowListArtifactsResponse {
    rootUri: String
    files: [MlflowFileInfo!]
    nextPageToken: String
    apiError: ApiError
  }

  type MlflowDatasetSummary {
    experimentId: String
    name: String
    digest: String
    context: String
  }
  type MlflowSearchDatasetsResponse {
    datasetSummaries: [MlflowDatasetSummary!]
    apiError: ApiError
  }

  type MlflowSearchModelVersionsResponse {
    modelVersions: [MlflowModelVersion!]
    nextPageToken: String
    apiError: ApiError
  }

  input MlflowGetExperimentInput {
    experimentId: String
  }
  input MlflowGetRunInput {
    runId: String
    runUuid: String
  }
  input MlflowSearchRunsInput {
    experimentIds: [String]
    filter: String
    runViewType: MlflowViewType
    maxResults: Int
    orderBy: [String]
    pageToken: String
  }
  input MlflowGetMetricHistoryBulkIntervalInput {
    runIds: [String]
    metricKey: String
    startStep: Int
    endStep: Int
    maxResults: Int
  }
  input MlflowListArtifactsInput {
    runId: String
    runUuid: String
    path: String
    pageToken: String
  }
  input MlflowSearchDatasetsInput {
    experimentIds: [String]
  }
  input MlflowSearchModelVersionsInput {
    filter: String
    maxResults: LongString
    orderBy: [String]
    pageToken: String
  }

  type Test {
    "Echoes the input string"
    output: String
  }
  type TestMutation {
    "Echoes the input string"
    output: String
  }

  type Query {
    mlflowGetExperiment(input: MlflowGetExperimentInput): MlflowGetExperimentResponse
    mlflowGetMetricHistoryBulkInterval(input: MlflowGetMetricHistoryBulkIntervalInput): MlflowGetMetricHistoryBulkIntervalResponse
    mlflowGetRun(input: MlflowGetRunInput): MlflowGetRunResponse
    mlflowListArtifacts(input: MlflowListArtifactsInput): MlflowListArtifactsResponse
    mlflowSearchModelVersions(input: MlflowSearchModelVersionsInput): MlflowSearchModelVersionsResponse
    "Simple echoing field"
    test(inputString: String): Test
  }

  type Mutation {
    mlflowSearchDatasets(input: MlflowSearchDatasetsInput): MlflowSearchDatasetsResponse
    mlflowSearchRuns(input: MlflowSearchRunsInput): MlflowSearchRunsResponse
    "Simple echoing field"
    testMutation(inputString: String): TestMutation
  }
`;

/** Calls one REST endpoint of this server (`GET /mlflow/runs/get`) for the current request. */
export type RestCall = (method: 'GET' | 'POST', path: string, body: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** What every resolver gets: the REST API, as the request's own caller. */
export interface GraphqlContext {
  rest: RestCall;
}

type WireObject = Record<string, unknown>;

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** A GraphQL input object as the REST body it stands for: snake_case names, unset fields left out. */
function toWire(input: unknown): WireObject {
  const body: WireObject = {};
  if (typeof input !== 'object' || input === null) return body;
  for (const [name, value] of Object.entries(input as WireObject)) {
    if (value !== undefined && value !== null) body[snakeCase(name)] = value;
  }
  return body;
}

/** Fields are read from the REST messages by their snake_case names (`experimentId` ← `experiment_id`). */
export const wireFieldResolver: GraphQLFieldResolver<unknown, GraphqlContext> = (source, _args, _context, info) => {
  if (typeof source !== 'object' || source === null) return undefined;
  const record = source as WireObject;
  return info.fieldName in record ? record[info.fieldName] : record[snakeCase(info.fieldName)];
};

type Resolver = (source: unknown, args: { input?: unknown; inputString?: string }, context: GraphqlContext) => unknown;

const rootResolvers: Record<string, Record<string, Resolver>> = {
  Query: {
    mlflowGetExperiment: (_source, { input }, { rest }) => rest('GET', '/mlflow/experiments/get', toWire(input)),
    mlflowGetMetricHistoryBulkInterval: (_source, { input }, { rest }) =>
      rest('GET', '/mlflow/metrics/get-history-bulk-interval', toWire(input)),
    mlflowGetRun: (_source, { input }, { rest }) => rest('GET', '/mlflow/runs/get', toWire(input)),
    mlflowListArtifacts: (_source, { input }, { rest }) => rest('GET', '/mlflow/artifacts/list', toWire(input)),
    mlflowSearchModelVersions: (_source, { input }, { rest }) => rest('GET', '/mlflow/model-versions/search', toWire(input)),
    test: (_source, { inputString }) => ({ output: inputString }),
  },
  Mutation: {
    mlflowSearchDatasets: (_source, { input }, { rest }) => rest('POST', '/mlflow/experiments/search-datasets', toWire(input)),
    mlflowSearchRuns: (_source, { input }, { rest }) => rest('POST', '/mlflow/runs/search', toWire(input)),
    testMutation: (_source, { inputString }) => ({ output: inputString }),
  },
  MlflowRunExtension: {
    experiment: async (source, _args, { rest }) => {
      const experimentId = ((source as { info?: WireObject }).info ?? {}).experiment_id;
      return (await rest('GET', '/mlflow/experiments/get', { experiment_id: experimentId })).experiment;
    },
    modelVersions: async (source, _args, { rest }) => {
      const runId = ((source as { info?: { run_id?: string } }).info ?? {}).run_id ?? '';
      const found = await rest('GET', '/mlflow/model-versions/search', { filter: `run_id='${runId.replace(/'/g, "\\'")}'` });
      return found.model_versions ?? [];
    },
  },
};

function parseLong(value: unknown): number {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed)) throw new GraphQLError(`LongString cannot represent ${JSON.stringify(value)}`);
  return parsed;
}

function buildMlflowSchema(): GraphQLSchema {
  const schema = buildSchema(SDL);
  const longString = schema.getType('LongString');
  if (longString instanceof GraphQLScalarType) {
    // MLflow's scalar: int64 values travel as strings; integer literals and values are taken as input.
    longString.serialize = (value: unknown) => String(value);
    longString.parseValue = parseLong;
    longString.parseLiteral = (node) => (node.kind === Kind.INT ? parseLong(node.value) : undefined);
  }
  for (const [typeName, fields] of Object.entries(rootResolvers)) {
    const type = schema.getType(typeName);
    if (!type || !('getFields' in type)) throw new Error(`No type ${typeName} in the GraphQL schema`);
    const typeFields = type.getFields();
    for (const [fieldName, resolve] of Object.entries(fields)) {
      const field = typeFields[fieldName];
      if (!field || !('resolve' in field)) throw new Error(`No field ${typeName}.${fieldName} in the GraphQL schema`);
      field.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
    }
  }
  return schema;
}

export const mlflowSchema = buildMlflowSchema();

// MLflow's limits on a query (graphql_no_batching.py), so one request cannot fan out without bound.
const MAX_DEPTH = 10;
const MAX_SELECTIONS = 1000;
const DEFAULT_MAX_ROOT_FIELDS = 10;
const DEFAULT_MAX_ALIASES = 10;

function limitFromEnv(variable: string, fallback: number): number {
  const value = Number(process.env[variable]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** The first limit a query breaks, as MLflow words it; undefined when it keeps them all. */
export function queryLimitError(document: DocumentNode): string | undefined {
  let rootFields = 0;
  let maxAliases = 0;
  let selections = 0;
  for (const definition of document.definitions) {
    if (!('selectionSet' in definition) || !definition.selectionSet) continue;
    const stack: { set: SelectionSetNode; depth: number }[] = [{ set: definition.selectionSet, depth: 1 }];
    for (let next = stack.pop(); next; next = stack.pop()) {
      if (next.depth > MAX_DEPTH) return `Query exceeds maximum depth of ${MAX_DEPTH}`;
      let aliases = 0;
      for (const selection of next.set.selections) {
        if (selection.kind !== Kind.FIELD) continue;
        if (next.depth === 1) rootFields += 1;
        if (selection.alias) aliases += 1;
        if (selection.selectionSet) stack.push({ set: selection.selectionSet, depth: next.depth + 1 });
        selections += 1;
        if (selections > MAX_SELECTIONS) return `Query exceeds maximum total selections of ${MAX_SELECTIONS}`;
      }
      maxAliases = Math.max(maxAliases, aliases);
    }
  }
  const limitMessage = (what: string, limit: number, count: number, variable: string) =>
    `GraphQL queries should have at most ${limit} ${what}, got ${count} ${what}. To increase the limit, set the ${variable} environment variable.`;
  const maxRootFields = limitFromEnv('MLFLOW_SERVER_GRAPHQL_MAX_ROOT_FIELDS', DEFAULT_MAX_ROOT_FIELDS);
  const maxAliasCount = limitFromEnv('MLFLOW_SERVER_GRAPHQL_MAX_ALIASES', DEFAULT_MAX_ALIASES);
  if (rootFields > maxRootFields) return limitMessage('root fields', maxRootFields, rootFields, 'MLFLOW_SERVER_GRAPHQL_MAX_ROOT_FIELDS');
  if (maxAliases > maxAliasCount) return limitMessage('aliases', maxAliasCount, maxAliases, 'MLFLOW_SERVER_GRAPHQL_MAX_ALIASES');
  return undefined;
}
