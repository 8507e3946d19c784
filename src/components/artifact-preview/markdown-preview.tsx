import { ErrorPanel } from '../error-view';
import { MarkdownView } from '../markdown';
import { SkeletonLines } from '../skeleton/skeleton';
import { useArtifactText } from './artifact-text';
import './artifact-preview.css';

const MARKDOWN_LIMIT = 1024 * 1024;

export function MarkdownPreview({ url }: { url: string; path: string }) {
  const query = useArtifactText(url, 'head', MARKDOWN_LIMIT);
  if (query.isPending) return <SkeletonLines lines={6} label="Loading file" />;
  if (query.isError) return <ErrorPanel error={query.error} title="Could not load the file" onRetry={() => void query.refetch()} />;
  return (
    <div className="artifact-markdown">
      {query.data.partial && <p className="artifact-note">Only the first 1 MB is shown.</p>}
      <MarkdownView source={query.data.text} />
    </div>
  );
}
