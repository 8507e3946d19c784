// The logged model's files: a folder tree (each folder listed when opened) and a preview of the
// chosen file, with the shared previews of src/components/artifact-preview.
import { lazy, Suspense, useState } from 'react';
import { artifactKind } from '../../../components/artifact-preview/artifact-kind';
import { CsvPreview } from '../../../components/artifact-preview/csv-preview';
import { HtmlPreview } from '../../../components/artifact-preview/html-preview';
import { ImagePreview } from '../../../components/artifact-preview/image-preview';
import { TextPreview } from '../../../components/artifact-preview/text-preview';
import { ErrorPanel } from '../../../components/error-view';
import { SkeletonLines } from '../../../components/skeleton/skeleton';
import { loggedModelArtifactUrl, useLoggedModelArtifacts, type LoggedModelArtifact } from '../../../entities/logged-models';
import { formatBytes } from '../../../lib/format/format-number';

const MarkdownPreview = lazy(() => import('../../../components/artifact-preview/markdown-preview').then((module) => ({ default: module.MarkdownPreview })));

export function ModelArtifacts({ modelId }: { modelId: string }) {
  const [selected, setSelected] = useState<LoggedModelArtifact | null>(null);
  return (
    <div className="model-artifacts">
      <nav className="model-artifacts-tree" aria-label="Model files">
        <ArtifactFolder modelId={modelId} path="" depth={0} selected={selected} onSelect={setSelected} />
      </nav>
      <div className="model-artifacts-preview">
        {selected ? (
          <>
            <div className="model-artifacts-preview-header">
              <h3 className="mono">{selected.path}</h3>
              <a className="btn btn-sm" href={loggedModelArtifactUrl(modelId, selected.path)} download={selected.name}>
                Download
              </a>
            </div>
            <FilePreview modelId={modelId} file={selected} />
          </>
        ) : (
          <p className="muted">Choose a file to preview it.</p>
        )}
      </div>
    </div>
  );
}

function ArtifactFolder({
  modelId,
  path,
  depth,
  selected,
  onSelect,
}: {
  modelId: string;
  path: string;
  depth: number;
  selected: LoggedModelArtifact | null;
  onSelect: (file: LoggedModelArtifact) => void;
}) {
  const listing = useLoggedModelArtifacts(modelId, path);
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  if (listing.isPending) return <SkeletonLines lines={2} label="Loading files" />;
  if (listing.isError) return <ErrorPanel error={listing.error} title="Could not list the files" onRetry={() => void listing.refetch()} />;
  if (listing.data.length === 0 && depth === 0) return <p className="muted">This model has no files.</p>;
  return (
    <ul className="model-artifacts-list" role={depth === 0 ? 'tree' : 'group'} aria-label={depth === 0 ? 'Files of the model' : undefined}>
      {listing.data.map((entry) => {
        const expanded = open.has(entry.path);
        return (
          <li key={entry.path} role="treeitem" aria-expanded={entry.isDir ? expanded : undefined} aria-selected={selected?.path === entry.path}>
            <button
              type="button"
              className="model-artifacts-node"
              style={{ paddingLeft: 8 + depth * 14 }}
              aria-current={selected?.path === entry.path ? 'true' : undefined}
              onClick={() => {
                if (!entry.isDir) {
                  onSelect(entry);
                  return;
                }
                const next = new Set(open);
                if (expanded) next.delete(entry.path);
                else next.add(entry.path);
                setOpen(next);
              }}
            >
              <span aria-hidden="true">{entry.isDir ? (expanded ? '▾' : '▸') : '·'}</span> {entry.name}
              {!entry.isDir && entry.size !== undefined && <span className="muted model-artifacts-size">{formatBytes(entry.size)}</span>}
            </button>
            {entry.isDir && expanded && <ArtifactFolder modelId={modelId} path={entry.path} depth={depth + 1} selected={selected} onSelect={onSelect} />}
          </li>
        );
      })}
    </ul>
  );
}

function FilePreview({ modelId, file }: { modelId: string; file: LoggedModelArtifact }) {
  const url = loggedModelArtifactUrl(modelId, file.path);
  switch (artifactKind(file.path)) {
    case 'image':
      return <ImagePreview url={url} path={file.path} />;
    case 'csv':
      return <CsvPreview url={url} path={file.path} />;
    case 'markdown':
      return (
        <Suspense fallback={<SkeletonLines lines={4} label="Loading" />}>
          <MarkdownPreview url={url} path={file.path} />
        </Suspense>
      );
    case 'html':
      return <HtmlPreview url={url} path={file.path} />;
    case 'binary':
      return <p className="muted">No preview for this file type. Use Download to open it.</p>;
    default:
      // Text, JSON, YAML and MLmodel files read as text here.
      return <TextPreview key={url} url={url} path={file.path} size={file.size} />;
  }
}
