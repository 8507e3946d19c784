// Parses a large JSON/YAML artifact off the main thread and serves its tree a page at a time,
// so the tab never freezes and never holds the whole document as DOM.
import { parseYaml } from '../../../lib/yaml';
import { childrenAt, summarize } from '../utils/structured-tree';
import type { WorkerRequest, WorkerResponse } from './structured-data-protocol';

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage: (message: WorkerResponse) => void;
}

const scope = self as unknown as WorkerScope;
let root: unknown;

async function load(url: string, format: 'json' | 'yaml'): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The server answered ${response.status} ${response.statusText}`);
  const text = await response.text();
  return format === 'json' ? (JSON.parse(text) as unknown) : parseYaml(text);
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'load') {
    load(request.url, request.format).then(
      (value) => {
        root = value;
        scope.postMessage({ id: request.id, type: 'loaded', root: summarize('root', value) });
      },
      (error: unknown) => scope.postMessage({ id: request.id, type: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return;
  }
  scope.postMessage({ id: request.id, type: 'children', page: childrenAt(root, request.path, request.offset, request.limit) });
};
