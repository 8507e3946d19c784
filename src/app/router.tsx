import { createBrowserRouter, redirect, type RouteObject } from 'react-router';
import { PageSkeleton } from '../components/skeleton/skeleton';
import { paths, routePatterns } from '../config/paths';
import { prefetchTrace, prefetchTracesTab } from '../features/traces/prefetch-traces';
import { appQueryClient } from './app-query-client';
import { splitExperimentIds } from './experiment-ids';
import { prefetchCurrentUser, startRunsRouteRequests } from './start-runs-requests';
import { AppLayout } from './layout/app-layout';
import type { Crumb, RouteHandle } from './layout/breadcrumbs';
import { ExperimentCrumb, ExperimentsCrumb, RunCrumb } from './layout/crumb-labels';
import { NotFoundPage } from './pages/not-found-page';
import { RouteErrorPage } from './pages/route-error-page';

const experimentsCrumb: Crumb = { label: 'Experiments', to: paths.experiments() };
const modelsCrumb: Crumb = { label: 'Models', to: paths.models() };

function handle(crumbs: RouteHandle['crumbs']): RouteHandle {
  return { crumbs };
}

/** Every page is its own lazily loaded module; each has its own error boundary inside the shell. */
export const routes: RouteObject[] = [
  // Outside the app shell: nothing else shows until someone signs in.
  { path: `/${routePatterns.signIn}`, lazy: () => import('./routes/signin-route'), ErrorBoundary: RouteErrorPage },
  {
    path: '/',
    Component: AppLayout,
    // Who is signed in gates every page: asked for before the first render.
    loader: prefetchCurrentUser,
    shouldRevalidate: () => false,
    ErrorBoundary: RouteErrorPage,
    HydrateFallback: () => <PageSkeleton />,
    children: [
      // `element: null`: the redirect renders nothing, and says so (no empty-leaf-route warning).
      { index: true, loader: () => redirect(paths.experiments()), element: null },
      {
        ErrorBoundary: RouteErrorPage,
        children: [
          {
            path: routePatterns.experiments,
            lazy: () => import('./routes/experiments-route'),
            handle: handle(() => [experimentsCrumb]),
          },
          {
            path: routePatterns.experimentRuns,
            // The first runs page and the experiments are requested while the page's code loads.
            loader: ({ params, request }) => {
              startRunsRouteRequests(params.experimentIds, new URL(request.url).searchParams);
              return null;
            },
            shouldRevalidate: ({ currentParams, nextParams }) => currentParams.experimentIds !== nextParams.experimentIds,
            lazy: () => import('./routes/experiment-runs-route'),
            handle: handle((params) => {
              const ids = splitExperimentIds(params.experimentIds);
              return [experimentsCrumb, { label: <ExperimentsCrumb ids={ids} /> }];
            }),
          },
          {
            path: routePatterns.experimentCharts,
            lazy: () => import('./routes/experiment-charts-route'),
            handle: handle((params) => {
              const ids = splitExperimentIds(params.experimentIds);
              return [experimentsCrumb, { label: <ExperimentsCrumb ids={ids} />, to: paths.experimentRuns(params.experimentIds ?? '') }, { label: 'Charts' }];
            }),
          },
          {
            path: routePatterns.experimentModels,
            lazy: () => import('./routes/experiment-models-route'),
            handle: handle((params) => [experimentsCrumb, { label: <ExperimentsCrumb ids={splitExperimentIds(params.experimentIds)} />, to: paths.experimentRuns(params.experimentIds ?? '') }, { label: 'Models' }]),
          },
          {
            path: routePatterns.experimentTraces,
            // The first page of traces is requested while the page's code loads.
            loader: ({ params, request }) => {
              prefetchTracesTab(appQueryClient, splitExperimentIds(params.experimentIds), new URL(request.url).searchParams);
              return null;
            },
            lazy: () => import('./routes/experiment-traces-route'),
            handle: handle((params) => [experimentsCrumb, { label: <ExperimentsCrumb ids={splitExperimentIds(params.experimentIds)} />, to: paths.experimentRuns(params.experimentIds ?? '') }, { label: 'Traces' }]),
          },
          {
            path: routePatterns.trace,
            // The trace's info and spans are requested while the page's code loads; a span click
            // (`?span=`) is not a new trace.
            loader: ({ params }) => {
              prefetchTrace(appQueryClient, params.traceId);
              return null;
            },
            shouldRevalidate: ({ currentParams, nextParams }) => currentParams.traceId !== nextParams.traceId,
            lazy: () => import('./routes/trace-route'),
            handle: handle((params) => [
              experimentsCrumb,
              { label: <ExperimentCrumb id={params.experimentId ?? ''} />, to: paths.experimentRuns(params.experimentId ?? '') },
              { label: 'Traces', to: paths.experimentTraces(params.experimentId ?? '') },
              { label: params.traceId ?? '' },
            ]),
          },
          { path: routePatterns.loggedModel, lazy: () => import('./routes/logged-model-route'), handle: handle((params) => [experimentsCrumb, { label: `Logged model ${params.modelId ?? ''}` }]) },
          {
            path: routePatterns.metrics,
            lazy: () => import('./routes/metrics-route'),
            handle: handle(() => [{ label: 'Metric history' }]),
          },
          {
            path: routePatterns.run,
            lazy: () => import('./routes/run-route'),
            handle: handle((params) => [
              experimentsCrumb,
              { label: <ExperimentCrumb id={params.experimentId ?? ''} />, to: paths.experimentRuns(params.experimentId ?? '') },
              { label: <RunCrumb runId={params.runId ?? ''} /> },
            ]),
          },
          {
            path: routePatterns.runMetric,
            lazy: () => import('./routes/metric-route'),
            handle: handle((params) => [
              experimentsCrumb,
              { label: <ExperimentCrumb id={params.experimentId ?? ''} />, to: paths.experimentRuns(params.experimentId ?? '') },
              { label: <RunCrumb runId={params.runId ?? ''} />, to: paths.run(params.experimentId ?? '', params.runId ?? '') },
              { label: params.metricKey ?? '' },
            ]),
          },
          { path: routePatterns.models, lazy: () => import('./routes/models-route'), handle: handle(() => [{ label: 'Models' }]) },
          {
            path: routePatterns.model,
            lazy: () => import('./routes/model-route'),
            handle: handle((params) => [modelsCrumb, { label: params.name ?? '' }]),
          },
          {
            path: routePatterns.modelCompare,
            lazy: () => import('./routes/model-compare-route'),
            handle: handle((params) => [
              modelsCrumb,
              { label: params.name ?? '', to: paths.model(params.name ?? '') },
              { label: 'Compare versions' },
            ]),
          },
          {
            path: routePatterns.modelVersion,
            lazy: () => import('./routes/model-version-route'),
            handle: handle((params) => [
              modelsCrumb,
              { label: params.name ?? '', to: paths.model(params.name ?? '') },
              { label: `Version ${params.version ?? ''}` },
            ]),
          },
          { path: routePatterns.webhooks, lazy: () => import('./routes/webhooks-route'), handle: handle(() => [{ label: 'Settings' }, { label: 'Webhooks' }]) },
          { path: routePatterns.compare, lazy: () => import('./routes/compare-route'), handle: handle(() => [{ label: 'Compare runs' }]) },
          { path: routePatterns.adminUsers, lazy: () => import('./routes/admin-users-route'), handle: handle(() => [{ label: 'Users and permissions' }]) },
          { path: '*', Component: NotFoundPage },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
