import type { ChildrenPage, NodePath, NodeSummary } from '../utils/structured-tree';

export type StructuredFormat = 'json' | 'yaml';

export type WorkerRequest =
  | { id: number; type: 'load'; url: string; format: StructuredFormat }
  | { id: number; type: 'children'; path: NodePath; offset: number; limit: number };

export type WorkerResponse =
  | { id: number; type: 'loaded'; root: NodeSummary }
  | { id: number; type: 'children'; page: ChildrenPage }
  | { id: number; type: 'error'; message: string };
