// Liveness, version and the MLflow 3 server-info probe.
import type { Endpoint } from '../http/router.js';
import { RUNBOARD_VERSION } from '../version.js';
import { MAX_FILTER_CLAUSES, MAX_FILTER_DEPTH } from '../../src/lib/mlflow/filter/index.js';

/** Runboard extension: what this server adds to MLflow's API, for the UI to probe (a real MLflow answers 404). */
function serverFeatures() {
  return { runs_filter: { or: true, parentheses: true, max_clauses: MAX_FILTER_CLAUSES, max_depth: MAX_FILTER_DEPTH } };
}

export function serverInfoEndpoints(): Endpoint[] {
  return [
    {
      method: 'GET',
      path: '/health',
      absolute: true,
      handler: ({ reply }) => reply.code(200).header('content-type', 'text/plain; charset=utf-8').send('OK'),
    },
    {
      method: 'GET',
      path: '/version',
      absolute: true,
      handler: ({ reply }) => reply.code(200).header('content-type', 'text/plain; charset=utf-8').send(RUNBOARD_VERSION),
    },
    {
      method: 'GET',
      path: '/mlflow/server-info',
      versions: ['3.0'],
      handler: () => ({ store_type: 'SqlStore', workspaces_enabled: false }),
    },
    { method: 'GET', path: '/ajax-api/2.0/runboard/server-features', absolute: true, handler: serverFeatures },
    { method: 'GET', path: '/api/2.0/runboard/server-features', absolute: true, handler: serverFeatures },
  ];
}
