import { useEffect, useRef } from 'react';
import { ErrorPanel } from '../error-view';
import { SkeletonLines } from '../skeleton/skeleton';
import { formatBytes } from '../../lib/format/format-number';
import { useArtifactText } from './artifact-text';
import { TAIL_THRESHOLD_BYTES } from './read-stream';
import './artifact-preview.css';

export const TAIL_BYTES = 512 * 1024;

/** Plain text and logs; files over 1 MB show their last 512 KB (where a log's news is). */
export function TextPreview({ url, path, size }: { url: string; path: string; size: number | undefined }) {
  const large = size === undefined || size > TAIL_THRESHOLD_BYTES;
  const query = useArtifactText(url, large ? 'tail' : 'full', TAIL_BYTES);
  const preRef = useRef<HTMLPreElement>(null);
  const tail = query.data?.partial === true;
  // A tail is read from the bottom up: start there.
  useEffect(() => {
    if (tail && preRef.current) preRef.current.scrollTop = preRef.current.scrollHeight;
  }, [tail, query.data]);
  if (query.isPending) return <SkeletonLines lines={8} label="Loading file" />;
  if (query.isError) return <ErrorPanel error={query.error} title="Could not load the file" onRetry={() => void query.refetch()} />;
  const { text, partial, bytesShown } = query.data;
  return (
    <div className="artifact-text">
      {partial && (
        <p className="artifact-note" data-testid="tail-note">
          Showing the last {formatBytes(bytesShown)}
          {size !== undefined ? ` of ${formatBytes(size)}` : ''}. Download the file for all of it.
        </p>
      )}
      <pre ref={preRef} className="artifact-pre" tabIndex={0} aria-label={`Contents of ${path}`}>
        {text}
      </pre>
    </div>
  );
}
