import type { Endpoint } from '../http/router.js';
import type { ServerContext } from '../services/server-context.js';
import { experimentEndpoints } from './experiments.js';
import { serverInfoEndpoints } from './server-info.js';

export function allEndpoints(context: ServerContext): Endpoint[] {
  return [...serverInfoEndpoints(), ...experimentEndpoints(context)];
}
