// Where a JSON/YAML tree gets its nodes from: the main thread for small files, a Web Worker for
// large ones (parsing 20 MB on the main thread would freeze the tab).
import type { StructuredFormat, WorkerRequest, WorkerResponse } from '../workers/structured-data-protocol';
import { parseYaml } from '../../../lib/yaml';
import { childrenAt, summarize, type ChildrenPage, type NodePath, type NodeSummary } from './structured-tree';

export const WORKER_THRESHOLD_BYTES = 1024 * 1024;

type RequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

export interface StructuredSource {
  root: NodeSummary;
  children: (path: NodePath, offset: number, limit: number) => Promise<ChildrenPage>;
  dispose: () => void;
}

export function parseStructured(text: string, format: StructuredFormat): unknown {
  return format === 'json' ? (JSON.parse(text) as unknown) : parseYaml(text);
}

export function inMemorySource(value: unknown): StructuredSource {
  return {
    root: summarize('root', value),
    children: (path, offset, limit) => Promise.resolve(childrenAt(value, path, offset, limit)),
    dispose: () => undefined,
  };
}

export function workerSource(url: string, format: StructuredFormat, signal?: AbortSignal): Promise<StructuredSource> {
  const worker = new Worker(new URL('../workers/structured-data.worker.ts', import.meta.url), { type: 'module' });
  let nextId = 1;
  const pending = new Map<number, { resolve: (response: WorkerResponse) => void; reject: (error: Error) => void }>();
  let disposed = false;

  const dispose = () => {
    if (disposed) return;
    disposed = true;
    worker.terminate();
    for (const { reject } of pending.values()) reject(new DOMException('Aborted', 'AbortError'));
    pending.clear();
  };

  worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
    const entry = pending.get(event.data.id);
    if (!entry) return;
    pending.delete(event.data.id);
    if (event.data.type === 'error') entry.reject(new Error(event.data.message));
    else entry.resolve(event.data);
  };
  worker.onerror = (event) => {
    const error = new Error(event.message || 'The parser worker failed');
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };

  const send = (request: RequestBody): Promise<WorkerResponse> =>
    new Promise((resolve, reject) => {
      if (disposed) {
        reject(new DOMException('Aborted', 'AbortError'));
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });

  signal?.addEventListener('abort', dispose, { once: true });

  return send({ type: 'load', url, format }).then(
    (response) => {
      if (response.type !== 'loaded') throw new Error('Unexpected worker answer');
      return {
        root: response.root,
        children: async (path, offset, limit) => {
          const answer = await send({ type: 'children', path, offset, limit });
          if (answer.type !== 'children') throw new Error('Unexpected worker answer');
          return answer.page;
        },
        dispose,
      };
    },
    (error: unknown) => {
      dispose();
      throw error;
    },
  );
}
