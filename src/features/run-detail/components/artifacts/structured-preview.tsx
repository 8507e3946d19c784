import { useEffect, useState } from 'react';
import { ErrorPanel } from '../../../../components/error-view';
import { handleArrowNavigation } from '../../../../components/list-navigation/arrow-navigation';
import { SkeletonLines } from '../../../../components/skeleton/skeleton';
import { formatBytes } from '../../../../lib/format/format-number';
import { artifactUrl, fetchArtifactText } from '../../api/get-artifact';
import { inMemorySource, parseStructured, WORKER_THRESHOLD_BYTES, workerSource, type StructuredSource } from '../../utils/structured-source';
import type { NodePath, NodeSummary } from '../../utils/structured-tree';
import type { StructuredFormat } from '../../workers/structured-data-protocol';
import { TextPreview } from '../../../../components/artifact-preview/text-preview';

export const STRUCTURED_MAX_BYTES = 64 * 1024 * 1024;
const PAGE = 200;

type LoadState = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; source: StructuredSource; inWorker: boolean };

async function openSource(runId: string, path: string, size: number | undefined, format: StructuredFormat, signal: AbortSignal) {
  if (size !== undefined && size > WORKER_THRESHOLD_BYTES) {
    return { source: await workerSource(artifactUrl(runId, path), format, signal), inWorker: true };
  }
  const { text } = await fetchArtifactText(runId, path, 'full', 0, signal);
  return { source: inMemorySource(parseStructured(text, format)), inWorker: false };
}

/** JSON / YAML as a collapsible tree; large files are parsed in a Web Worker and expanded lazily. */
export function StructuredPreview({ runId, path, size, format }: { runId: string; path: string; size: number | undefined; format: StructuredFormat }) {
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [raw, setRaw] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    let opened: StructuredSource | undefined;
    setState({ status: 'loading' });
    openSource(runId, path, size, format, controller.signal).then(
      ({ source, inWorker }) => {
        if (controller.signal.aborted) {
          source.dispose();
          return;
        }
        opened = source;
        setState({ status: 'ready', source, inWorker });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error });
      },
    );
    return () => {
      controller.abort();
      opened?.dispose();
    };
  }, [runId, path, size, format, attempt]);

  if (size !== undefined && size > STRUCTURED_MAX_BYTES) {
    return <p className="muted">This file is {formatBytes(size)}, too large to preview. Download it instead.</p>;
  }
  if (raw) {
    return (
      <div className="stack">
        <button type="button" className="btn btn-sm artifact-mode-button" onClick={() => setRaw(false)}>
          Show as tree
        </button>
        <TextPreview url={artifactUrl(runId, path)} path={path} size={size} />
      </div>
    );
  }
  if (state.status === 'loading') {
    return <SkeletonLines lines={6} label={size !== undefined && size > WORKER_THRESHOLD_BYTES ? 'Parsing large file' : 'Loading file'} />;
  }
  if (state.status === 'error') {
    return (
      <div className="stack">
        <ErrorPanel error={state.error} title={`Could not read this ${format.toUpperCase()} file`} onRetry={() => setAttempt((value) => value + 1)} />
        <button type="button" className="btn btn-sm artifact-mode-button" onClick={() => setRaw(true)}>
          Show as text
        </button>
      </div>
    );
  }
  return (
    <div className="structured-preview">
      <div className="toolbar">
        <button type="button" className="btn btn-sm" onClick={() => setRaw(true)}>
          Show as text
        </button>
        {state.inWorker && <span className="muted artifact-note">Large file: parsed in the background, expanded on demand.</span>}
      </div>
      <ul className="structured-tree" aria-label={`Tree of ${path}`} onKeyDown={handleArrowNavigation}>
        <TreeNode source={state.source} summary={state.source.root} path={[]} defaultOpen />
      </ul>
    </div>
  );
}

function TreeNode({ source, summary, path, defaultOpen = false }: { source: StructuredSource; summary: NodeSummary; path: NodePath; defaultOpen?: boolean }) {
  const container = summary.kind === 'object' || summary.kind === 'array';
  const [open, setOpen] = useState(defaultOpen && container);
  const [children, setChildren] = useState<NodeSummary[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const isRoot = path.length === 0;

  const loadMore = (offset: number) => {
    setLoading(true);
    source.children(path, offset, PAGE).then(
      (page) => {
        setChildren((current) => (offset === 0 ? page.children : [...current, ...page.children]));
        setTotal(page.total);
        setLoading(false);
      },
      (reason: unknown) => {
        setError(reason);
        setLoading(false);
      },
    );
  };

  useEffect(() => {
    if (open && children.length === 0 && summary.childCount > 0 && !loading && error === null) loadMore(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- load the first page when first opened
  }, [open]);

  const label = (
    <>
      {!isRoot && <span className="tree-key">{typeof summary.key === 'number' ? summary.key : JSON.stringify(summary.key).slice(1, -1)}:</span>}{' '}
      <span className={`tree-value tree-${summary.kind}`}>{summary.preview}</span>
    </>
  );

  return (
    <li className="tree-node">
      {container ? (
        <button type="button" className="tree-toggle" aria-expanded={open} onClick={() => setOpen((value) => !value)} data-nav-item="">
          <span className="tree-caret" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          {label}
        </button>
      ) : (
        <span className="tree-leaf" tabIndex={-1} data-nav-item="">
          {label}
        </span>
      )}
      {open && container && (
        <ul className="tree-children">
          {children.map((child) => (
            <TreeNode key={String(child.key)} source={source} summary={child} path={[...path, child.key]} />
          ))}
          {error !== null && (
            <li className="error-text">Could not load: {error instanceof Error ? error.message : 'unknown error'}</li>
          )}
          {loading && <li className="muted">Loading…</li>}
          {!loading && children.length < total && (
            <li>
              <button type="button" className="btn btn-sm btn-ghost" onClick={() => loadMore(children.length)}>
                Show {Math.min(PAGE, total - children.length)} more of {total - children.length}
              </button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}
