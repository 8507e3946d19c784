import { createBrowserRouter, redirect, type RouteObject } from 'react-router';
import { PageSkeleton } from '../components/skeleton/skeleton';
import { splitExperimentIds } from './experiment-ids';
import { AppLayout } from './layout/app-layout';
import type { Crumb, RouteHandle } from './layout/breadcrumbs';
import { ExperimentCrumb, ExperimentsCrumb, RunCrumb } from './layout/crumb-labels';
import { NotFoundPage } from './pages/not-found-page';
import { RouteErrorPage } from './pages/route-error-page';

const experimentsCrumb: Crumb = { label: 'Experiments', to: '/experiments' };
const modelsCrumb: Crumb = { label: 'Models', to: '/models' };

function handle(crumbs: RouteHandle['crumbs']): RouteHandle {
  return { crumbs };
}

/** Every page is its own lazily loaded module; each has its own error boundary inside the shell. */
export const routes: RouteObject[] = [
  // Outside the app shell: nothing else shows until someone signs in.
  { path: '/signin', lazy: () => import('./routes/signin-route'), ErrorBoundary: RouteErrorPage },
  {
    path: '/',
    Component: AppLayout,
    ErrorBoundary: RouteErrorPage,
    HydrateFallback: () => <PageSkeleton />,
    children: [
      { index: true, loader: () => redirect('/experiments') },
      {
        ErrorBoundary: RouteErrorPage,
        children: [
          {
            path: 'experiments',
            lazy: () => import('./routes/experiments-route'),
            handle: handle(() => [experimentsCrumb]),
          },
          {
            path: 'experiments/:experimentIds',
            lazy: () => import('./routes/experiment-runs-route'),
            handle: handle((params) => {
              const ids = splitExperimentIds(params.experimentIds);
              return [experimentsCrumb, { label: <ExperimentsCrumb ids={ids} /> }];
            }),
          },
          {
            path: 'experiments/:experimentIds/charts',
            lazy: () => import('./routes/experiment-charts-route'),
            handle: handle((params) => {
              const ids = splitExperimentIds(params.experimentIds);
              return [experimentsCrumb, { label: <ExperimentsCrumb ids={ids} />, to: `/experiments/${params.experimentIds ?? ''}` }, { label: 'Charts' }];
            }),
          },
          {
            path: 'experiments/:experimentIds/models',
            lazy: () => import('./routes/experiment-models-route'),
            handle: handle((params) => [experimentsCrumb, { label: <ExperimentsCrumb ids={splitExperimentIds(params.experimentIds)} />, to: `/experiments/${params.experimentIds ?? ''}` }, { label: 'Models' }]),
          },
          { path: 'logged-models/:modelId', lazy: () => import('./routes/logged-model-route'), handle: handle((params) => [experimentsCrumb, { label: `Logged model ${params.modelId ?? ''}` }]) },
          {
            path: 'metrics',
            lazy: async () => ({ Component: (await import('../features/charts/metric-history-page')).MetricHistoryPage }),
            handle: handle(() => [{ label: 'Metric history' }]),
          },
          {
            path: 'experiments/:experimentId/runs/:runId',
            lazy: () => import('./routes/run-route'),
            handle: handle((params) => [
              experimentsCrumb,
              { label: <ExperimentCrumb id={params.experimentId ?? ''} />, to: `/experiments/${params.experimentId ?? ''}` },
              { label: <RunCrumb runId={params.runId ?? ''} /> },
            ]),
          },
          {
            path: 'experiments/:experimentId/runs/:runId/metrics/:metricKey',
            lazy: () => import('./routes/metric-route'),
            handle: handle((params) => [
              experimentsCrumb,
              { label: <ExperimentCrumb id={params.experimentId ?? ''} />, to: `/experiments/${params.experimentId ?? ''}` },
              { label: <RunCrumb runId={params.runId ?? ''} />, to: `/experiments/${params.experimentId ?? ''}/runs/${params.runId ?? ''}` },
              { label: params.metricKey ?? '' },
            ]),
          },
          { path: 'models', lazy: () => import('./routes/models-route'), handle: handle(() => [{ label: 'Models' }]) },
          {
            path: 'models/:name',
            lazy: () => import('./routes/model-route'),
            handle: handle((params) => [modelsCrumb, { label: params.name ?? '' }]),
          },
          {
            path: 'models/:name/compare',
            lazy: () => import('./routes/model-compare-route'),
            handle: handle((params) => [
              modelsCrumb,
              { label: params.name ?? '', to: `/models/${encodeURIComponent(params.name ?? '')}` },
              { label: 'Compare versions' },
            ]),
          },
          {
            path: 'models/:name/versions/:version',
            lazy: () => import('./routes/model-version-route'),
            handle: handle((params) => [
              modelsCrumb,
              { label: params.name ?? '', to: `/models/${encodeURIComponent(params.name ?? '')}` },
              { label: `Version ${params.version ?? ''}` },
            ]),
          },
          { path: 'settings/webhooks', lazy: () => import('./routes/webhooks-route'), handle: handle(() => [{ label: 'Settings' }, { label: 'Webhooks' }]) },
          { path: 'compare', lazy: () => import('./routes/compare-route'), handle: handle(() => [{ label: 'Compare runs' }]) },
          { path: 'admin/users', lazy: () => import('./routes/admin-users-route'), handle: handle(() => [{ label: 'Users and permissions' }]) },
          { path: '*', Component: NotFoundPage },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
