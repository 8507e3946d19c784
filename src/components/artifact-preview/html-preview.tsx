import { ErrorPanel } from '../error-view';
import { SkeletonLines } from '../skeleton/skeleton';
import { useArtifactText } from './artifact-text';
import './artifact-preview.css';

const HTML_LIMIT = 5 * 1024 * 1024;

/** HTML in a fully sandboxed iframe: no scripts, no forms, no same-origin access. */
export function HtmlPreview({ url, path }: { url: string; path: string }) {
  const query = useArtifactText(url, 'head', HTML_LIMIT);
  if (query.isPending) return <SkeletonLines lines={6} label="Loading file" />;
  if (query.isError) return <ErrorPanel error={query.error} title="Could not load the file" onRetry={() => void query.refetch()} />;
  return (
    <div className="artifact-html">
      {query.data.partial && <p className="artifact-note">Only the first 5 MB are shown.</p>}
      <iframe title={`Preview of ${path}`} sandbox="" srcDoc={query.data.text} className="artifact-iframe" referrerPolicy="no-referrer" />
    </div>
  );
}
