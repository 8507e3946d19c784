// `GET|POST /graphql`: the queries MLflow's own UI sends (experiment, run, runs search, metric
// history, artifacts, datasets). Parsed, validated and executed by graphql-js; each resolver answers
// through this server's REST endpoint of the same name, called with the same request, so that
// basic-auth permissions and search filtering apply to GraphQL reads as they do to REST reads.
// The answer is MLflow's: `{data, errors}` with `errors` a list of messages (or null), status 200.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { execute, GraphQLError, parse, validate, type DocumentNode } from 'graphql';
import { invalidParameter } from '../errors.js';
import { RequestInput } from '../http/request-input.js';
import type { Endpoint, RouteTable } from '../http/router.js';
import { mlflowSchema, queryLimitError, wireFieldResolver, type GraphqlContext, type RestCall } from '../graphql/mlflow-schema.js';

interface GraphqlAnswer {
  data: unknown;
  errors: string[] | null;
}

/**
 * A reply for an inner REST call: collects what a handler sends itself (metric history sends
 * JSON text) instead of writing to the client's connection; headers are dropped.
 */
function collectingReply(): { reply: FastifyReply; sent: () => unknown } {
  let payload: unknown;
  let sent = false;
  const reply = {
    get sent() {
      return sent;
    },
    code: () => reply,
    status: () => reply,
    header: () => reply,
    headers: () => reply,
    removeHeader: () => reply,
    getHeader: () => undefined,
    send: (body: unknown) => {
      payload = body;
      sent = true;
      return reply;
    },
  };
  return { reply: reply as unknown as FastifyReply, sent: () => (sent ? payload : undefined) };
}

function restCaller(routes: RouteTable, request: FastifyRequest): RestCall {
  return async (method, path, body) => {
    const found = routes.lookup(method, `/ajax-api/2.0${path}`);
    if (found.kind !== 'found') throw new Error(`No REST endpoint ${method} ${path} for GraphQL`);
    const { reply, sent } = collectingReply();
    const result = await found.match.endpoint.handler({
      input: RequestInput.fromBody(body),
      request,
      reply,
      pathParams: found.match.pathParams,
    });
    const payload = sent() ?? result;
    if (typeof payload === 'string') return JSON.parse(payload) as Record<string, unknown>;
    return (payload ?? {}) as Record<string, unknown>;
  };
}

function variablesOf(input: RequestInput): Record<string, unknown> | undefined {
  const raw = input.raw('variables');
  if (raw === undefined || raw === null || raw === '') return undefined;
  let variables: unknown = raw;
  if (typeof raw === 'string') {
    try {
      variables = JSON.parse(raw);
    } catch {
      throw invalidParameter('The GraphQL variables are not valid JSON.');
    }
  }
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables))
    throw invalidParameter('The GraphQL variables must be a JSON object.');
  return variables as Record<string, unknown>;
}

type Prepared = { document: DocumentNode } | { errors: string[] };

/** Queries parsed and validated before; MLflow's UI sends a few fixed queries with variables. */
const preparedQueries = new Map<string, Prepared>();
const MAX_PREPARED_QUERIES = 200;
/** Longer query texts are prepared each time rather than kept. */
const MAX_KEPT_QUERY_CHARS = 20_000;

/** Parses a query, checks MLflow's limits and validates it against the schema (once per query text). */
function prepare(query: string): Prepared {
  const known = preparedQueries.get(query);
  if (known) return known;
  let prepared: Prepared;
  try {
    const document = parse(query);
    const limitError = queryLimitError(document);
    const invalid = limitError ? [] : validate(mlflowSchema, document).map((error) => error.message);
    prepared = limitError ? { errors: [limitError] } : invalid.length > 0 ? { errors: invalid } : { document };
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    prepared = { errors: [error.message] };
  }
  if (query.length > MAX_KEPT_QUERY_CHARS) return prepared;
  if (preparedQueries.size >= MAX_PREPARED_QUERIES) {
    const oldest = preparedQueries.keys().next();
    if (!oldest.done) preparedQueries.delete(oldest.value);
  }
  preparedQueries.set(query, prepared);
  return prepared;
}

async function answer(routes: RouteTable, input: RequestInput, request: FastifyRequest): Promise<GraphqlAnswer> {
  const query = input.string('query');
  if (!query) throw invalidParameter('A GraphQL request must carry a query.');
  const variables = variablesOf(input);
  const operationName = input.string('operationName') || undefined;
  const prepared = prepare(query);
  if ('errors' in prepared) return { data: null, errors: prepared.errors };
  const { document } = prepared;
  const contextValue: GraphqlContext = { rest: restCaller(routes, request) };
  const result = await execute({
    schema: mlflowSchema,
    document,
    variableValues: variables,
    operationName,
    contextValue,
    fieldResolver: wireFieldResolver,
  });
  return {
    data: result.data ?? null,
    errors: result.errors && result.errors.length > 0 ? result.errors.map((error) => error.message) : null,
  };
}

/** The endpoints; `routes` is the table whose (auth-protected) REST endpoints the resolvers call. */
export function graphqlEndpoints(routes: RouteTable): Endpoint[] {
  const handler = ({ input, request }: { input: RequestInput; request: FastifyRequest }) => answer(routes, input, request);
  return [
    { method: 'GET', path: '/graphql', absolute: true, handler },
    { method: 'POST', path: '/graphql', absolute: true, handler },
  ];
}
