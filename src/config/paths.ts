// Every URL of the app, built in one place: route patterns for the router and builders for links.
// Path segments are percent-encoded; query strings come from URLSearchParams.

const segment = encodeURIComponent;

function withQuery(path: string, query: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(name, value);
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** Route patterns, relative to the app root (react-router `path`). */
export const routePatterns = {
  experiments: 'experiments',
  experimentRuns: 'experiments/:experimentIds',
  experimentCharts: 'experiments/:experimentIds/charts',
  experimentModels: 'experiments/:experimentIds/models',
  experimentTraces: 'experiments/:experimentIds/traces',
  trace: 'experiments/:experimentId/traces/:traceId',
  loggedModel: 'logged-models/:modelId',
  metrics: 'metrics',
  run: 'experiments/:experimentId/runs/:runId',
  runMetric: 'experiments/:experimentId/runs/:runId/metrics/:metricKey',
  models: 'models',
  model: 'models/:name',
  modelCompare: 'models/:name/compare',
  modelVersion: 'models/:name/versions/:version',
  compare: 'compare',
  webhooks: 'settings/webhooks',
  adminUsers: 'admin/users',
  signIn: 'signin',
} as const;

export const paths = {
  home: () => '/',
  experiments: () => '/experiments',
  /** The runs table of one or more experiments; `search` is a ready query string (`?q=...`) or a query object. */
  experimentRuns: (experimentIds: string | readonly string[], search: string | Record<string, string | undefined> = '') => {
    const ids = typeof experimentIds === 'string' ? experimentIds : [...new Set(experimentIds)].map(segment).join(',');
    const path = `/experiments/${ids}`;
    return typeof search === 'string' ? `${path}${search}` : withQuery(path, search);
  },
  experimentCharts: (experimentIds: string | readonly string[], search = '') =>
    `/experiments/${typeof experimentIds === 'string' ? experimentIds : [...new Set(experimentIds)].map(segment).join(',')}/charts${search}`,
  /** The logged models (MLflow 3) of one or more experiments. */
  experimentModels: (experimentIds: string | readonly string[]) =>
    `/experiments/${typeof experimentIds === 'string' ? experimentIds : [...new Set(experimentIds)].map(segment).join(',')}/models`,
  /** The traces of one or more experiments; `query` holds the trace filter (`tq`) and order (`tsort`). */
  experimentTraces: (experimentIds: string | readonly string[], query: Record<string, string | undefined> = {}) =>
    withQuery(`/experiments/${typeof experimentIds === 'string' ? experimentIds : [...new Set(experimentIds)].map(segment).join(',')}/traces`, query),
  /** One trace: its span tree and timeline; `span` selects a span. */
  trace: (experimentId: string, traceId: string, query: { span?: string } = {}) =>
    withQuery(`/experiments/${segment(experimentId)}/traces/${segment(traceId)}`, query),
  loggedModel: (modelId: string) => `/logged-models/${segment(modelId)}`,
  run: (experimentId: string, runId: string, query?: { tab?: string; path?: string }) =>
    withQuery(`/experiments/${segment(experimentId)}/runs/${segment(runId)}`, query),
  runMetric: (experimentId: string, runId: string, metricKey: string) =>
    `/experiments/${segment(experimentId)}/runs/${segment(runId)}/metrics/${segment(metricKey)}`,
  /** One metric across runs. */
  metrics: (runIds: readonly string[], metricKey: string) => withQuery('/metrics', { runs: runIds.join(','), key: metricKey }),
  compare: (runIds: readonly string[]) => `/compare?runs=${runIds.map(segment).join(',')}`,
  models: () => '/models',
  model: (name: string) => `/models/${segment(name)}`,
  modelCompare: (name: string, versions: readonly string[]) =>
    `/models/${segment(name)}/compare?versions=${versions.map(segment).join(',')}`,
  modelVersion: (name: string, version: string) => `/models/${segment(name)}/versions/${segment(version)}`,
  webhooks: () => '/settings/webhooks',
  adminUsers: () => '/admin/users',
  /** The sign-in page, returning to `returnTo` (a path inside the app) afterwards. */
  signIn: (returnTo?: string) => withQuery('/signin', { next: returnTo }),
};
