import { ErrorPanel } from '../../../../components/error-view';
import { SkeletonLines } from '../../../../components/skeleton/skeleton';
import { useArtifactText } from '../../api/get-artifact';

const HTML_LIMIT = 5 * 1024 * 1024;

/** HTML in a fully sandboxed iframe: no scripts, no forms, no same-origin access. */
export function HtmlPreview({ runId, path }: { runId: string; path: string }) {
  const query = useArtifactText(runId, path, 'head', HTML_LIMIT);
  if (query.isPending) return <SkeletonLines lines={6} label="Loading file" />;
  if (query.isError) return <ErrorPanel error={query.error} title="Could not load the file" onRetry={() => void query.refetch()} />;
  return (
    <div className="artifact-html">
      {query.data.partial && <p className="artifact-note">Only the first 5 MB are shown.</p>}
      <iframe title={`Preview of ${path}`} sandbox="" srcDoc={query.data.text} className="artifact-iframe" referrerPolicy="no-referrer" />
    </div>
  );
}
