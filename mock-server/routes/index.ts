import type { Endpoint } from '../http/router.js';
import type { ServerContext } from '../services/server-context.js';
import { artifactEndpoints } from './artifacts.js';
import { experimentEndpoints } from './experiments.js';
import { loggedModelEndpoints } from './logged-models.js';
import { metricHistoryEndpoints } from './metric-history.js';
import { registryEndpoints } from './registry.js';
import { promptlabEndpoints } from './promptlab.js';
import { runEndpoints } from './runs.js';
import { serverInfoEndpoints } from './server-info.js';
import { traceEndpoints } from './traces.js';

export function allEndpoints(context: ServerContext): Endpoint[] {
  return [...serverInfoEndpoints(), ...experimentEndpoints(context), ...runEndpoints(context), ...artifactEndpoints(context), ...metricHistoryEndpoints(context), ...loggedModelEndpoints(context), ...registryEndpoints(context), ...traceEndpoints(context), ...promptlabEndpoints(context)];
}
