// A small route table in front of Fastify's catch-all route, so that MLflow's routing rules hold
// exactly: every API endpoint under both /api/2.0 and /ajax-api/2.0, 405 for a known path with the
// wrong method, 404 for anything else (no trailing-slash normalisation).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestInput } from './request-input.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface EndpointContext {
  input: RequestInput;
  request: FastifyRequest;
  reply: FastifyReply;
  /** Values captured by `:name` and `*` segments of the endpoint's path. */
  pathParams: Record<string, string>;
}

export interface Endpoint {
  method: HttpMethod;
  /** `/mlflow/runs/create` (mounted under the API prefixes) or an absolute path when `absolute`. */
  path: string;
  handler: (ctx: EndpointContext) => unknown;
  /** The request body is a raw byte stream (artifact uploads), not JSON. */
  rawBody?: boolean;
  /** Mount `path` as is instead of under /api/2.0 and /ajax-api/2.0. */
  absolute?: boolean;
  /** API versions to mount under; default ['2.0']. */
  versions?: string[];
  /** Only under /ajax-api (UI-only routes). */
  ajaxOnly?: boolean;
}

interface PatternRoute {
  regex: RegExp;
  names: string[];
  byMethod: Map<HttpMethod, Endpoint>;
}

export interface RouteMatch {
  endpoint: Endpoint;
  pathParams: Record<string, string>;
}

export type RouteLookup = { kind: 'found'; match: RouteMatch } | { kind: 'method-not-allowed' } | { kind: 'not-found' };

export function mountPaths(endpoint: Endpoint): string[] {
  if (endpoint.absolute) return [endpoint.path];
  const versions = endpoint.versions ?? ['2.0'];
  const prefixes = endpoint.ajaxOnly ? ['/ajax-api'] : ['/api', '/ajax-api'];
  return prefixes.flatMap((prefix) => versions.map((version) => `${prefix}/${version}${endpoint.path}`));
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class RouteTable {
  private readonly exact = new Map<string, Map<HttpMethod, Endpoint>>();
  private readonly patterns: PatternRoute[] = [];

  add(endpoints: Endpoint[]): void {
    for (const endpoint of endpoints) {
      for (const path of mountPaths(endpoint)) {
        if (path.includes(':') || path.includes('*')) this.addPattern(path, endpoint);
        else {
          const methods = this.exact.get(path) ?? new Map<HttpMethod, Endpoint>();
          methods.set(endpoint.method, endpoint);
          this.exact.set(path, methods);
        }
      }
    }
  }

  private addPattern(path: string, endpoint: Endpoint): void {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((segment) => {
        if (segment === '*') {
          names.push('*');
          return '(.+)';
        }
        if (segment.startsWith(':')) {
          names.push(segment.slice(1));
          return '([^/]+)';
        }
        return escapeRegex(segment);
      })
      .join('/');
    const regexSource = `^${source}$`;
    let route = this.patterns.find((candidate) => candidate.regex.source === regexSource);
    if (!route) {
      route = { regex: new RegExp(regexSource), names, byMethod: new Map() };
      this.patterns.push(route);
    }
    route.byMethod.set(endpoint.method, endpoint);
  }

  lookup(method: string, path: string): RouteLookup {
    const exact = this.exact.get(path);
    if (exact) {
      const endpoint = exact.get(method as HttpMethod);
      return endpoint ? { kind: 'found', match: { endpoint, pathParams: {} } } : { kind: 'method-not-allowed' };
    }
    let pathMatched = false;
    for (const route of this.patterns) {
      const found = route.regex.exec(path);
      if (!found) continue;
      pathMatched = true;
      const endpoint = route.byMethod.get(method as HttpMethod);
      if (!endpoint) continue;
      const pathParams: Record<string, string> = {};
      route.names.forEach((name, index) => {
        pathParams[name] = found[index + 1] ?? '';
      });
      return { kind: 'found', match: { endpoint, pathParams } };
    }
    return pathMatched ? { kind: 'method-not-allowed' } : { kind: 'not-found' };
  }
}
