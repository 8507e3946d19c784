// Liveness, version and the MLflow 3 server-info probe.
import type { Endpoint } from '../http/router.js';
import { RUNBOARD_VERSION } from '../version.js';

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
  ];
}
