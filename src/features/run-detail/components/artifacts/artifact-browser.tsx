import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyState } from '../../../../components/empty-state/empty-state';
import { ErrorPanel, PanelErrorBoundary } from '../../../../components/error-view';
import { handleArrowNavigation } from '../../../../components/list-navigation/arrow-navigation';
import { SkeletonLines } from '../../../../components/skeleton/skeleton';
import { formatBytes } from '../../../../lib/format/format-number';
import { artifactUrl } from '../../api/get-artifact';
import { useArtifacts, type ArtifactEntry } from '../../../../entities/runs/api/list-artifacts';
import { artifactKind } from '../../../../components/artifact-preview/artifact-kind';
import { ancestorPaths, parentPath } from './artifact-paths';
import { CsvPreview } from '../../../../components/artifact-preview/csv-preview';
import { HtmlPreview } from '../../../../components/artifact-preview/html-preview';
import { ImagePreview } from '../../../../components/artifact-preview/image-preview';
import { MlmodelPreview } from './mlmodel-preview';
import { RegisterModelDialog } from './register-model-dialog';
import { StructuredPreview } from './structured-preview';
import { TextPreview } from '../../../../components/artifact-preview/text-preview';
import './artifacts.css';

// The markdown renderer (~120 KB of script) loads only when a markdown file is opened.
const MarkdownPreview = lazy(() => import('../../../../components/artifact-preview/markdown-preview').then((module) => ({ default: module.MarkdownPreview })));

/** Tree of the run's artifacts (each folder listed when opened) and a preview of the selection. */
export function ArtifactBrowser({ runId, readOnly = false }: { runId: string; readOnly?: boolean }) {
  const [searchParams, setSearchParams] = useSearchParams();
  const selected = searchParams.get('artifact') ?? '';
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set([...ancestorPaths(selected), selected]));
  const root = useArtifacts(runId, '');

  const select = (entry: ArtifactEntry) => {
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set('artifact', entry.path);
        return next;
      },
      { replace: true },
    );
    if (entry.isDir) {
      setExpanded((current) => {
        const next = new Set(current);
        if (next.has(entry.path) && entry.path === selected) next.delete(entry.path);
        else next.add(entry.path);
        return next;
      });
    }
  };

  if (root.isPending) return <SkeletonLines lines={6} label="Loading artifacts" />;
  if (root.isError) return <ErrorPanel error={root.error} title="Could not list the artifacts" onRetry={() => void root.refetch()} />;
  if (root.data.length === 0) {
    return (
      <EmptyState title="No artifacts">
        This run has not logged any files. Use mlflow.log_artifact() or log a model to see them here.
      </EmptyState>
    );
  }

  return (
    <div className="artifact-browser">
      <nav className="artifact-tree panel" aria-label="Artifact files">
        <ul className="artifact-tree-list" onKeyDown={handleArrowNavigation}>
          <FolderEntries runId={runId} entries={root.data} depth={0} selected={selected} expanded={expanded} onSelect={select} />
        </ul>
      </nav>
      <section className="artifact-preview panel" aria-label="Artifact preview">
        {selected ? (
          <PanelErrorBoundary title="The preview failed" resetKey={selected}>
            <SelectedArtifact runId={runId} path={selected} readOnly={readOnly} />
          </PanelErrorBoundary>
        ) : (
          <EmptyState title="Select a file">Pick a file or folder on the left to preview it.</EmptyState>
        )}
      </section>
    </div>
  );
}

interface FolderProps {
  runId: string;
  depth: number;
  selected: string;
  expanded: ReadonlySet<string>;
  onSelect: (entry: ArtifactEntry) => void;
}

function FolderEntries({ entries, ...props }: FolderProps & { entries: ArtifactEntry[] }) {
  return (
    <>
      {entries.map((entry) => (
        <ArtifactNode key={entry.path} entry={entry} {...props} />
      ))}
    </>
  );
}

function ArtifactNode({ entry, runId, depth, selected, expanded, onSelect }: FolderProps & { entry: ArtifactEntry }) {
  const open = entry.isDir && expanded.has(entry.path);
  return (
    <li>
      <button
        type="button"
        className="artifact-node"
        style={{ paddingLeft: 8 + depth * 14 }}
        aria-current={selected === entry.path ? 'true' : undefined}
        aria-expanded={entry.isDir ? open : undefined}
        onClick={() => onSelect(entry)}
        data-nav-item=""
        title={entry.path}
      >
        <span className="artifact-node-icon" aria-hidden="true">
          {entry.isDir ? (open ? '▾' : '▸') : '·'}
        </span>
        <span className="artifact-node-name">{entry.name}</span>
        {!entry.isDir && <span className="artifact-node-size">{formatBytes(entry.size)}</span>}
      </button>
      {open && (
        <FolderChildren runId={runId} path={entry.path} depth={depth + 1} selected={selected} expanded={expanded} onSelect={onSelect} />
      )}
    </li>
  );
}

function FolderChildren({ path, ...props }: FolderProps & { path: string }) {
  const query = useArtifacts(props.runId, path);
  if (query.isPending) {
    return (
      <ul className="artifact-tree-list">
        <li className="artifact-tree-status muted" style={{ paddingLeft: 8 + props.depth * 14 }}>
          Loading…
        </li>
      </ul>
    );
  }
  if (query.isError) {
    return (
      <ul className="artifact-tree-list">
        <li className="artifact-tree-status error-text" style={{ paddingLeft: 8 + props.depth * 14 }}>
          Could not list this folder.{' '}
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => void query.refetch()}>
            Retry
          </button>
        </li>
      </ul>
    );
  }
  return (
    <ul className="artifact-tree-list">
      {query.data.length === 0 ? (
        <li className="artifact-tree-status muted" style={{ paddingLeft: 8 + props.depth * 14 }}>
          Empty folder
        </li>
      ) : (
        <FolderEntries entries={query.data} {...props} />
      )}
    </ul>
  );
}

/** Finds the selected entry in its parent's listing (cached), so a deep link knows size and type. */
function SelectedArtifact({ runId, path, readOnly }: { runId: string; path: string; readOnly: boolean }) {
  const parent = useArtifacts(runId, parentPath(path));
  if (parent.isPending) return <SkeletonLines lines={4} label="Loading" />;
  if (parent.isError) return <ErrorPanel error={parent.error} title="Could not load this artifact" onRetry={() => void parent.refetch()} />;
  const entry = parent.data.find((item) => item.path === path);
  if (!entry) return <EmptyState title="Not found">There is no artifact at “{path}”.</EmptyState>;
  return entry.isDir ? (
    <DirectoryPreview runId={runId} entry={entry} readOnly={readOnly} />
  ) : (
    <FilePreview runId={runId} entry={entry} readOnly={readOnly} />
  );
}

function PreviewHeader({ entry, runId, children }: { entry: ArtifactEntry; runId: string; children?: ReactNode }) {
  return (
    <div className="artifact-preview-header">
      <div className="artifact-preview-title">
        <h3 className="mono">{entry.path}</h3>
        {!entry.isDir && entry.size !== undefined && <span className="muted">{formatBytes(entry.size)}</span>}
      </div>
      <div className="toolbar">
        {children}
        {!entry.isDir && (
          <a className="btn btn-sm" href={artifactUrl(runId, entry.path)} download={entry.name}>
            Download
          </a>
        )}
      </div>
    </div>
  );
}

function FilePreview({ runId, entry, readOnly }: { runId: string; entry: ArtifactEntry; readOnly: boolean }) {
  const kind = artifactKind(entry.path);
  const [registering, setRegistering] = useState(false);
  return (
    <>
      <PreviewHeader entry={entry} runId={runId}>
        {kind === 'mlmodel' && !readOnly && (
          <button type="button" className="btn btn-sm btn-primary" onClick={() => setRegistering(true)}>
            Register model
          </button>
        )}
      </PreviewHeader>
      <div className="artifact-preview-body">
        <FileBody runId={runId} entry={entry} />
      </div>
      {registering && <RegisterModelDialog runId={runId} artifactPath={parentPath(entry.path)} onClose={() => setRegistering(false)} />}
    </>
  );
}

function FileBody({ runId, entry }: { runId: string; entry: ArtifactEntry }) {
  const { path, size } = entry;
  const url = artifactUrl(runId, path);
  switch (artifactKind(path)) {
    case 'image':
      return <ImagePreview url={url} path={path} />;
    case 'json':
      return <StructuredPreview runId={runId} path={path} size={size} format="json" />;
    case 'yaml':
      return <StructuredPreview runId={runId} path={path} size={size} format="yaml" />;
    case 'csv':
      return <CsvPreview url={url} path={path} />;
    case 'markdown':
      return (
        <Suspense fallback={<SkeletonLines lines={4} label="Loading" />}>
          <MarkdownPreview url={url} path={path} />
        </Suspense>
      );
    case 'html':
      return <HtmlPreview url={url} path={path} />;
    case 'mlmodel':
      return <MlmodelPreview runId={runId} path={path} />;
    case 'text':
      return <TextPreview url={url} path={path} size={size} />;
    default:
      return <p className="muted">No preview for this file type. Use Download to open it.</p>;
  }
}

function DirectoryPreview({ runId, entry, readOnly }: { runId: string; entry: ArtifactEntry; readOnly: boolean }) {
  const listing = useArtifacts(runId, entry.path);
  const [registering, setRegistering] = useState(false);
  const mlmodel = listing.data?.find((item) => !item.isDir && item.name === 'MLmodel');
  return (
    <>
      <PreviewHeader entry={entry} runId={runId}>
        {mlmodel && !readOnly && (
          <button type="button" className="btn btn-sm btn-primary" onClick={() => setRegistering(true)}>
            Register model
          </button>
        )}
      </PreviewHeader>
      <div className="artifact-preview-body">
        {listing.isPending ? (
          <SkeletonLines lines={4} label="Loading folder" />
        ) : listing.isError ? (
          <ErrorPanel error={listing.error} title="Could not list this folder" onRetry={() => void listing.refetch()} />
        ) : (
          <div className="stack">
            {mlmodel && (
              <section aria-label="Model">
                <h4 className="artifact-section-title">Model</h4>
                <MlmodelPreview runId={runId} path={mlmodel.path} />
              </section>
            )}
            <table className="table" aria-label={`Contents of ${entry.path}`}>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Size</th>
                </tr>
              </thead>
              <tbody>
                {listing.data.map((item) => (
                  <tr key={item.path}>
                    <td className="mono">{item.isDir ? `${item.name}/` : item.name}</td>
                    <td className="muted">{item.isDir ? '' : formatBytes(item.size)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {registering && <RegisterModelDialog runId={runId} artifactPath={entry.path} onClose={() => setRegistering(false)} />}
    </>
  );
}
